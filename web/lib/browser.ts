/**
 * Leaving the SPA for a full-page navigation (the BFF's login, which goes on to Thumbtack's consent
 * page). One object, so tests can watch the departure instead of the page actually unloading.
 */
export const browser = {
  assign(url: string): void {
    window.location.assign(url);
  },
};
