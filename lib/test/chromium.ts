// How every test and bench starts Debian's Chromium: its path (LVS_CHROMIUM for another) and the flags
// that keep it from downloading or calling out (nothing may leave the machine) and let it run as root.
export const CHROMIUM_LAUNCH = {
  executablePath: process.env.LVS_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ],
};
