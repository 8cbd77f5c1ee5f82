# lvs-console lab: a minimal SMTP server that keeps each message it is given as a file, for the
# directors' own alert mail (keepalived's smtp_alert). smtpsink.py PORT DIR; DIR/NNNN.eml per message,
# its first line "To: <recipients>".
import itertools, os, socketserver, sys

PORT = int(sys.argv[1])
DIR = sys.argv[2]
os.makedirs(DIR, exist_ok=True)
numbers = itertools.count(1)


class Session(socketserver.StreamRequestHandler):
    def say(self, line):
        self.wfile.write((line + '\r\n').encode())

    def handle(self):
        self.say('220 lab-sink ESMTP')
        rcpt, data = [], None
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode(errors='replace').rstrip('\r\n')
            if data is not None:
                if line == '.':
                    path = os.path.join(DIR, '%04d' % next(numbers))
                    with open(path + '.tmp', 'w') as f:
                        f.write('To: ' + ', '.join(rcpt) + '\n' + '\n'.join(data) + '\n')
                    os.rename(path + '.tmp', path + '.eml')
                    rcpt, data = [], None
                    self.say('250 OK: kept')
                else:
                    data.append(line[1:] if line.startswith('..') else line)
                continue
            verb = line[:4].upper()
            if verb in ('HELO', 'EHLO'):
                self.say('250 lab-sink')
            elif verb == 'RCPT':
                rcpt.append(line[8:].strip())
                self.say('250 OK')
            elif verb == 'DATA':
                data = []
                self.say('354 End data with <CR><LF>.<CR><LF>')
            elif verb == 'QUIT':
                self.say('221 Bye')
                return
            else:
                self.say('250 OK')


socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer.daemon_threads = True
with socketserver.ThreadingTCPServer(('0.0.0.0', PORT), Session) as server:
    server.serve_forever()
