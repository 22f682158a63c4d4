/** The dev-wallet banner's controls: amber, to stay apart from the app's own buttons. */
export const DEV_BANNER_BUTTON =
  'rounded border border-amber-500 bg-white px-2 py-0.5 font-medium hover:bg-amber-50 focus-visible:outline-2 focus-visible:outline-amber-600 disabled:opacity-60';
export const DEV_BANNER_SELECT = 'rounded border border-amber-400 bg-white px-2 py-0.5 text-xs';
