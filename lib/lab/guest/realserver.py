# lvs-console lab: one real server (a Leostream gateway or connection broker stand-in).
# HTTPS 443 and HTTP 80: /app/system/ping -> OK, /index.pl?action=cb_status -> CB_IS_OK, /whoami -> name,
# /peer -> the client's address as this server sees it.
# TCP 3389, 4172 and 20001 (in the gateway's forwarding range): reply with the name. UDP 4172: echo the name.
# For the health checks: SMTP 25 (a 220 banner, 250 to HELO, 221 to QUIT), DNS 53/udp (an empty answer
# without error to any query) and UDP 1812 (the datagram back, prefixed with the name).
# UDP replies must come from the address the client sent to (in DR that is the VIP on lo), so the UDP
# echo binds each local address given after the name.
# SIGHUP re-reads /run/lab/state/<name>.down (service names, one per line) and closes or reopens them.
import os, signal, socket, ssl, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NAME = sys.argv[1]
UDP_ADDRESSES = sys.argv[2:] or ['0.0.0.0']
STATE = '/run/lab/state'
DOWN_FILE = f'{STATE}/{NAME}.down'


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.0'

    def do_GET(self):
        path = self.path
        # /peer: the address this connection comes from, as the real server sees it (Layer 4 SNAT: a director's).
        body = {'/app/system/ping': 'OK', '/index.pl?action=cb_status': 'CB_IS_OK', '/whoami': NAME, '/peer': self.client_address[0]}.get(path)
        if body is None:
            self.send_response(404)
            body = 'not found'
        else:
            self.send_response(200)
        data = (body + '\n').encode()
        self.send_header('Content-Type', 'text/plain')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def setup(self):
        # The TLS handshake happens here, in the request's own thread with a timeout, not in accept():
        # a client that connects and says nothing would otherwise hold the accept loop, and with it the
        # shutdown that stopping this service waits for.
        self.request.settimeout(5)
        if isinstance(self.request, ssl.SSLSocket):
            self.request.do_handshake()
        super().setup()

    def log_message(self, *args):
        pass


def http_server(port, tls):
    srv = ThreadingHTTPServer(('0.0.0.0', port), Handler)
    srv.daemon_threads = True
    srv.handle_error = lambda *_: None  # a client that left mid-handshake is not news
    if tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain('/lab/keys/server.crt', '/lab/keys/server.key')
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True, do_handshake_on_connect=False)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


class Tcp:
    def __init__(self, port):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(('0.0.0.0', port))
        self.sock.listen(64)
        threading.Thread(target=self.loop, daemon=True).start()

    def loop(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(c,), daemon=True).start()

    def serve(self, c):
        # The name at once, then again for every line received: a connection can be held open.
        try:
            c.sendall((NAME + '\n').encode())
            while c.recv(4096):
                c.sendall((NAME + '\n').encode())
        except OSError:
            pass
        finally:
            c.close()

    def shutdown(self):
        self.sock.close()


class Udp:
    # Closing a socket does not wake a thread blocked in recvfrom() on it (the port would stay bound and
    # starting the service again would fail): each loop wakes every 0.2 s and ends when told to.
    def __init__(self, port):
        self.socks = []
        self.threads = []
        self.stopping = False
        for address in UDP_ADDRESSES:
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((address, port))
            sock.settimeout(0.2)
            self.socks.append(sock)
            th = threading.Thread(target=self.serve, args=(sock,), daemon=True)
            th.start()
            self.threads.append(th)

    def serve(self, sock):
        while not self.stopping:
            try:
                data, addr = sock.recvfrom(2048)
            except socket.timeout:
                continue
            except OSError:
                return
            reply = self.answer(data)
            if reply is not None:
                try:
                    sock.sendto(reply, addr)
                except OSError:
                    pass

    def answer(self, data):
        return (NAME + '\n').encode()

    def shutdown(self):
        self.stopping = True
        for th in self.threads:
            th.join(2)
        for sock in self.socks:
            sock.close()


class Smtp(Tcp):
    def serve(self, c):
        try:
            c.sendall(f'220 {NAME} ESMTP lab\r\n'.encode())
            buf = b''
            while True:
                data = c.recv(4096)
                if not data:
                    return
                buf += data
                while b'\n' in buf:
                    line, buf = buf.split(b'\n', 1)
                    verb = line.strip().split(b' ')[0].upper()
                    if verb == b'QUIT':
                        c.sendall(b'221 bye\r\n')
                        return
                    c.sendall(f'250 {NAME}\r\n'.encode() if verb in (b'HELO', b'EHLO') else b'250 OK\r\n')
        except OSError:
            pass
        finally:
            c.close()


class Dns(Udp):
    def answer(self, q):
        # The query back as an answer: its id, QR and RA set, no error, no records.
        if len(q) < 12:
            return None
        return q[:2] + bytes([0x81, 0x80]) + q[4:6] + b'\0\0\0\0\0\0' + q[12:]


class Echo(Udp):
    def answer(self, data):
        return data + NAME.encode()


FACTORIES = {
    'https': lambda: http_server(443, True),
    'http': lambda: http_server(80, False),
    'tcp3389': lambda: Tcp(3389),
    'tcp4172': lambda: Tcp(4172),
    'tcp20001': lambda: Tcp(20001),  # a port of the Leostream gateway's forwarding range
    'udp4172': lambda: Udp(4172),
    'smtp': lambda: Smtp(25),
    'dns': lambda: Dns(53),
    'udp1812': lambda: Echo(1812),
}
running = {}


def apply_state(*_):
    try:
        with open(DOWN_FILE) as f:
            down = {l.strip() for l in f if l.strip()}
    except FileNotFoundError:
        down = set()
    for name, make in FACTORIES.items():
        if name in down and name in running:
            srv = running.pop(name)
            if hasattr(srv, 'server_close'):
                srv.shutdown()
                srv.server_close()
            else:
                srv.shutdown()
        elif name not in down and name not in running:
            running[name] = make()
    with open(f'{STATE}/{NAME}.applied', 'w') as f:
        f.write(' '.join(sorted(running)) + '\n')


signal.signal(signal.SIGHUP, apply_state)
apply_state()
open(f'{STATE}/{NAME}.ready', 'w').close()
while True:
    signal.pause()
