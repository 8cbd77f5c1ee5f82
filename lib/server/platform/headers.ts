// Set by the console's own HTTPS server from the socket's peer address; any value a client sends
// in this header is removed first, so it can be trusted for rate limiting and audit.
export const CLIENT_ADDRESS_HEADER = 'x-lvs-client-address';
