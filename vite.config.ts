import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The SPA is built into dist/web and served by the BFF on the same origin.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    sourcemap: false,
  },
});
