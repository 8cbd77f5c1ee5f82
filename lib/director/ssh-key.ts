// The one line an admin runs on a director (as root) to let the console's key in.
export function authorizeCommand(publicKey: string): string {
  return `mkdir -p /root/.ssh && chmod 700 /root/.ssh && echo '${publicKey}' >> /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys`;
}
