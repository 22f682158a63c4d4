import base from './playwright.config';

// Local only (not committed): run specs against a server started by hand on port 3199.
export default {
  ...base,
  webServer: undefined,
  timeout: 240_000,
  use: { ...base.use, baseURL: 'http://127.0.0.1:3199' },
};
