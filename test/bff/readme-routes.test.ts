import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmeSection, routeTableMarkdown } from '../support/route-docs.ts';

describe('README', () => {
  it('lists exactly the routes the proxy allows (regenerate: tsx test/support/route-docs.ts --write)', () => {
    expect(readmeSection(readFileSync('README.md', 'utf8'))).toBe(routeTableMarkdown());
  });
});
