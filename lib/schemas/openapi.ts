// The OpenAPI document of /api/v1, generated from the same zod schemas the API validates with.
import { z } from 'zod';
import { virtualServicePatchSchema, virtualServiceSchema } from './virtual-service';
import { realServerPatchSchema, realServerSchema, realServerStateRequestSchema } from './real-server';
import { floatingIpSchema } from './floating-ip';
import { configDocumentSchema } from './config-document';
import { directorPatchSchema, directorSchema } from './director';
import { applyRequestSchema, hostKeyRequestSchema } from './apply';
import { ROLE_DESCRIPTIONS, type Role } from './roles';
import { consoleSettingsSchema } from './settings';
import { clusterCreateSchema, clusterPatchSchema } from './cluster';
import { alertSettingsSchema, silenceSchema } from './alerts';
import { leostreamWizardSchema } from './leostream';

const json = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

const withIds = (schema: Record<string, unknown>, extra: Record<string, unknown>) => ({
  allOf: [schema, { type: 'object', properties: extra, required: Object.keys(extra) }],
});

const err = { $ref: '#/components/schemas/Error' };
const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad request',
  401: 'No session or API key',
  403: 'The key or user lacks the role this needs (x-required-role), or a session request came from another origin',
  404: 'Not found',
  409: 'Conflict: stale version, or clashes with another object',
  413: 'Body larger than 1 MB (50 MB for POST /config)',
  422: 'Validation failed: error.field names the field',
  502: 'A director refused or could not be reached (DIRECTOR_UNREACHABLE, DIRECTOR_FAILED)',
  504: 'A director did not answer in time (DIRECTOR_TIMEOUT)',
};

/**
 * The role each operation needs (the same as the route's apiRoute(role, ...); a unit test compares the
 * two). GETs not listed need read-only.
 */
export const REQUIRED_ROLES: Record<string, Role> = {
  'POST /apply': 'operator',
  'POST /revisions/{id}/revert': 'operator',
  'POST /directors/{id}/drift/fix': 'operator',
  'POST /directors/{id}/test': 'operator',
  'PUT /virtual-services/{id}/real-servers/{rsId}/state': 'operator',
  'POST /wizards/leostream/verify': 'operator',
  'POST /directors/{id}/make-active': 'operator',
  'GET /alerts': 'admin',
  'POST /alerts/silences': 'operator',
  'DELETE /alerts/silences/{id}': 'operator',
};
const requiredRole = (method: string, path: string): Role =>
  REQUIRED_ROLES[`${method.toUpperCase()} ${path}`] ?? (method === 'get' ? 'read-only' : 'admin');

/** Every operation says the role it needs, and the errors every route can give. */
function withRoles(paths: Record<string, Record<string, unknown>>) {
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (method === 'parameters') continue;
      const o = op as { responses: Record<string, unknown>; description?: string };
      const role = requiredRole(method, path);
      Object.assign(o, {
        'x-required-role': role,
        description: `${o.description ? `${o.description} ` : ''}Needs the ${role} role (${ROLE_DESCRIPTIONS[role]}).`,
      });
      o.responses = { ...o.responses, ...responses({}, method === 'get' ? [403] : [403, 413]) };
      if (path.startsWith('/directors/{id}/') || path === '/apply' || path.endsWith('/revert'))
        o.responses = { ...o.responses, ...responses({}, [502, 504]) };
    }
  }
  return paths;
}
/** ?cluster=ID or NAME: one cluster's (lists: every cluster's without it; actions: required when there are several). */
const clusterQuery = { name: 'cluster', in: 'query', required: false, schema: { type: 'string' } };
const responses = (ok: Record<string, unknown>, codes: number[]) => ({
  ...ok,
  ...Object.fromEntries(
    codes.map((c) => [String(c), { description: ERROR_DESCRIPTIONS[c], content: { 'application/json': { schema: err } } }]),
  ),
});
const body = (ref: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const okJson = (schema: unknown, status = '200', description = 'OK') => ({
  [status]: { description, content: { 'application/json': { schema } } },
});
const idParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const versionQuery = {
  name: 'version',
  in: 'query',
  required: false,
  schema: { type: 'integer' },
  description: 'The version you last read; 409 if it changed since.',
};

/** The schemas every operation refers to. */
function components() {
  return {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              field: { type: 'string' },
              fields: {
                type: 'array',
                items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
              },
            },
            required: ['code', 'message'],
          },
        },
      },
      VirtualServiceInput: json(virtualServiceSchema),
      VirtualServicePatch: json(virtualServicePatchSchema),
      VirtualService: withIds(json(virtualServiceSchema), {
        id: { type: 'string' },
        fwmark: { type: 'integer' },
        version: { type: 'integer' },
      }),
      RealServerInput: json(realServerSchema),
      RealServerPatch: json(realServerPatchSchema),
      RealServer: withIds(json(realServerSchema), {
        id: { type: 'string' },
        virtualServiceId: { type: 'string' },
        version: { type: 'integer' },
      }),
      FloatingIpInput: json(floatingIpSchema),
      ConfigDocument: json(configDocumentSchema),
      DirectorInput: json(directorSchema),
      DirectorPatch: json(directorPatchSchema),
      ApplyRequest: json(applyRequestSchema),
      HostKeyRequest: json(hostKeyRequestSchema),
      RealServerStateRequest: json(realServerStateRequestSchema),
      Settings: json(consoleSettingsSchema),
      ClusterPatch: json(clusterPatchSchema),
      ClusterCreate: json(clusterCreateSchema),
      AlertSettings: json(alertSettingsSchema),
      Silence: json(silenceSchema),
      LeostreamWizard: json(leostreamWizardSchema),
    },
  };
}

/** Virtual services, their real servers and the settings. */
function servicePaths(vs: object, rs: object) {
  return {
    '/virtual-services': {
      get: {
        summary:
          'List virtual services (all, ordered by label). With q (label, IP or port contains it), limit (up to 10,000) or offset: one page of those matching, and their number in the X-Total-Count header',
        parameters: ['q', 'limit', 'offset'].map((name) => ({
          name,
          in: 'query',
          schema: { type: name === 'q' ? 'string' : 'integer' },
        })),
        responses: responses(okJson({ type: 'array', items: vs }), [401, 422]),
      },
      post: {
        summary: 'Create a virtual service',
        requestBody: body('VirtualServiceInput'),
        responses: responses(okJson(vs, '201', 'Created'), [400, 401, 409, 422]),
      },
    },
    '/virtual-services/{id}': {
      parameters: [idParam('id')],
      get: { summary: 'Get a virtual service', responses: responses(okJson(vs), [401, 404]) },
      patch: {
        summary: 'Change a virtual service (send the version you edit)',
        requestBody: body('VirtualServicePatch'),
        responses: responses(okJson(vs), [400, 401, 404, 409, 422]),
      },
      delete: {
        summary: 'Delete a virtual service and its real servers',
        parameters: [versionQuery],
        responses: responses({ '204': { description: 'Deleted' } }, [401, 404, 409]),
      },
    },
    '/virtual-services/{id}/real-servers': {
      parameters: [idParam('id')],
      get: { summary: 'List its real servers', responses: responses(okJson({ type: 'array', items: rs }), [401, 404]) },
      post: {
        summary: 'Add a real server',
        requestBody: body('RealServerInput'),
        responses: responses(okJson(rs, '201', 'Created'), [400, 401, 404, 409, 422]),
      },
    },
    '/virtual-services/{id}/real-servers/{rsId}': {
      parameters: [idParam('id'), idParam('rsId')],
      get: { summary: 'Get a real server', responses: responses(okJson(rs), [401, 404]) },
      patch: {
        summary: 'Change a real server (send the version you edit)',
        requestBody: body('RealServerPatch'),
        responses: responses(okJson(rs), [400, 401, 404, 409, 422]),
      },
      delete: {
        summary: 'Delete a real server',
        parameters: [versionQuery],
        responses: responses({ '204': { description: 'Deleted' } }, [401, 404, 409]),
      },
    },
    '/virtual-services/{id}/real-servers/{rsId}/state': {
      parameters: [idParam('id'), idParam('rsId')],
      put: {
        summary:
          'Drain, halt or bring online a real server (allServices: the same address in every service; always so above 2,000 real servers, where the answer’s scope is "address"), live on every director without a reload; the answer says which directors have it',
        requestBody: body('RealServerStateRequest'),
        responses: responses(okJson({ type: 'object' }), [400, 401, 404, 422]),
      },
    },
    '/settings': {
      get: {
        summary:
          'Console-wide settings: drainPersistentClients ("follow": persistent clients of a drained real server go elsewhere at their next connection; "stay": until their persistence times out)',
        responses: responses(okJson({ $ref: '#/components/schemas/Settings' }), [401]),
      },
      put: {
        summary: 'Change them; they reach the directors at the next apply',
        requestBody: body('Settings'),
        responses: responses(okJson({ $ref: '#/components/schemas/Settings' }), [400, 401, 422]),
      },
    },
  };
}

/** What runs: the overview, reports, metrics and client lookup. */
function livePaths() {
  return {
    '/clients/{ip}': {
      parameters: [idParam('ip')],
      get: {
        summary:
          'Where a client lands: on each director, its persistence templates and connections (service, real server, state, expires in), read by filtering on the director',
        responses: responses(okJson({ type: 'object' }), [401, 422]),
      },
    },
    '/metrics': {
      get: {
        summary:
          'The live figures in the Prometheus text format (0.0.4): lvs_director_up, lvs_director_vrrp_master, lvs_director_behind, lvs_director_load1, lvs_service_up, lvs_service_active_connections, lvs_real_server_up, _admin_state, _weight, _active_connections, _inactive_connections, _persistent_clients, _connections_total, _in_bytes_total, _out_bytes_total; labelled by service, real_server, address and director (the one the figures come from). Unknown values are left out, never 0.',
        responses: responses(
          { '200': { description: 'Prometheus text', content: { 'text/plain': { schema: { type: 'string' } } } } },
          [401],
        ),
      },
    },
    '/reports/series': {
      get: {
        summary:
          'One time series: { target, metric, title, unit, step, from, to, points: [[t, min, avg, max], ...] } (t in seconds; null values are gaps, a missing poll is never a zero). target: service:<id>, realServer:<id>, director:<name> or interface:<director>/<interface>; metric: activeConnections, inactiveConnections, newConnections, inBytes, outBytes, inPackets, outPackets (services, real servers; rates per second), load1 (director), rxBytes, txBytes (interface). from/to: ISO 8601 or seconds since 1970, or range=1h|24h|7d|30d; step 10, 60 or 3600 (default: the finest the range allows). format=csv for a CSV download.',
        parameters: ['target', 'metric', 'from', 'to', 'range', 'step', 'format'].map((name) => ({
          name,
          in: 'query',
          required: name === 'target' || name === 'metric',
          schema: { type: 'string' },
        })),
        responses: responses(okJson({ type: 'object' }), [401, 404, 422]),
      },
    },
    '/reports/dashboard': {
      get: {
        summary:
          "The System Overview's graphs for range=1h|24h|7d|30d: bandwidth per director interface, load average, active connections of the 5 busiest services",
        parameters: [{ name: 'range', in: 'query', schema: { type: 'string' } }],
        responses: responses(okJson({ type: 'object' }), [401, 422]),
      },
    },
    '/reports/availability': {
      get: {
        summary:
          'Availability per real server over from/to (or range): uptime %, up/down/unknown/maintenance seconds, outages and the longest, from the health changes the console recorded; service=<id> for one service; format=csv for a CSV download',
        parameters: ['from', 'to', 'range', 'service', 'format'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
        responses: responses(okJson({ type: 'object' }), [401, 404, 422]),
      },
    },
    '/reports/vrrp': {
      get: {
        summary:
          "The directors' VRRP state changes (failovers, a director lost) over from/to (or range), newest first; format=csv for a CSV download",
        parameters: ['from', 'to', 'range', 'format'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
        responses: responses(okJson({ type: 'object' }), [401, 422]),
      },
    },
    '/overview': {
      get: {
        summary:
          "The System Overview: each director (role, reachable, VRRP state, floating IPs, sync daemon, data age) and each virtual service with its real servers (admin state, health, live weight, connections, persistent clients). With q (label, IP, port, or a real server's label or IP), state (down, degraded, unknown, no-real-servers, up), sort (label, state, connections) or page: one page of 50 services, with total, matching and counts per state. ?cluster= (required when there are several): that cluster's",
        parameters: [...['q', 'state', 'sort', 'page'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })), clusterQuery],
        responses: responses(okJson({ type: 'object' }), [400, 401, 422]),
      },
    },
  };
}

/** The Leostream wizard, one rendered file, and make-active. */
function wizardPaths() {
  return {
    '/directors/{id}/make-active': {
      parameters: [idParam('id')],
      post: {
        summary:
          'Make this director of the pair active (manual failover): the other gives the floating IPs up for a moment and this one takes them; connections the sync daemon carried continue. Answers { active, changed, ms }',
        responses: responses(okJson({ type: 'object' }), [401, 404, 409]),
      },
    },
    '/wizards/leostream': {
      post: {
        summary:
          'The Leostream wizard: plans the gateway service (and the broker service when brokerVip is given), their real servers and, for NAT, the default-gateway floating IP, against the current configuration. Answers { plan: { items, issues, notes, changes }, written }; writes it in one transaction unless dryRun. A second run edits the same services (GW_VIP_L4, BROKER_VIP_L4) instead of adding new ones.',
        requestBody: body('LeostreamWizard'),
        responses: responses(okJson({ type: 'object' }), [400, 401, 409, 422]),
      },
    },
    '/wizards/leostream/checklist': {
      get: {
        summary:
          'The Leostream-side checklist for this deployment (gateways, broker Gateway Cluster, Add Gateway, protocol plans, agents, clients, real-server preparation), as Markdown',
        responses: responses(
          { '200': { description: 'Markdown', content: { 'text/markdown': { schema: { type: 'string' } } } } },
          [401, 404],
        ),
      },
    },
    '/wizards/leostream/verify': {
      post: {
        summary:
          'Verify the deployment from the directors: each gateway and broker answers its health page on its own address, the services are in every kernel, and (DR) no real server answers ARP for a VIP. Answers { passed, items: [{ title, status, detail, fix }] }',
        responses: responses(okJson({ type: 'object' }), [401, 404, 409]),
      },
    },
    '/render/file': {
      get: {
        summary:
          'One rendered file of one director as a download (text/plain): director=<name>&path=<its path on the director, e.g. /etc/keepalived/keepalived.conf>',
        parameters: ['director', 'path'].map((name) => ({ name, in: 'query', required: true, schema: { type: 'string' } })),
        responses: responses(
          { '200': { description: 'The file', content: { 'text/plain': { schema: { type: 'string' } } } } },
          [401, 404, 422],
        ),
      },
    },
  };
}

/** Directors: add, test, pin, drift. */
function directorPaths() {
  return {
    '/directors': {
      get: { summary: 'List directors', responses: responses(okJson({ type: 'array' }), [401]) },
      post: {
        summary: 'Add a director (a hostKeyFingerprint pins its host key up front)',
        requestBody: body('DirectorInput'),
        responses: responses(okJson({ type: 'object' }, '201', 'Created'), [400, 401, 409, 422]),
      },
    },
    '/directors/{id}': {
      parameters: [idParam('id')],
      get: { summary: 'Get a director', responses: responses(okJson({ type: 'object' }), [401, 404]) },
      patch: {
        summary: 'Change a director (send the version you edit)',
        requestBody: body('DirectorPatch'),
        responses: responses(okJson({ type: 'object' }), [400, 401, 404, 409, 422]),
      },
      delete: { summary: 'Remove a director from the console', responses: responses({ '204': { description: 'Deleted' } }, [401, 404]) },
    },
    '/directors/{id}/test': {
      parameters: [idParam('id')],
      post: {
        summary: 'Test the connection: reachability, key, root, versions, ip_vs, interfaces, host key',
        responses: responses(okJson({ type: 'object' }), [401, 404]),
      },
    },
    '/directors/{id}/host-key': {
      parameters: [idParam('id')],
      put: {
        summary: 'Pin the confirmed host key: { fingerprint }',
        requestBody: body('HostKeyRequest'),
        responses: responses(okJson({ type: 'object' }), [401, 404, 422]),
      },
    },
    '/directors/{id}/drift': {
      parameters: [idParam('id')],
      get: {
        summary: 'Files and kernel table against the last applied revision',
        responses: responses(okJson({ type: 'object' }), [400, 401, 404]),
      },
    },
    '/directors/{id}/drift/fix': {
      parameters: [idParam('id')],
      post: { summary: 'Put the last applied revision back', responses: responses(okJson({ type: 'object' }), [400, 401, 404]) },
    },
    '/ssh-key': {
      get: {
        summary: "The console's public SSH key and the command to authorise it",
        responses: responses(okJson({ type: 'object' }), [401]),
      },
    },
  };
}

/** Floating IPs, backup and import, apply and revisions. */
function configurationPaths() {
  return {
    '/floating-ips': {
      get: { summary: 'List floating IPs', responses: responses(okJson({ type: 'array' }), [401]) },
      post: {
        summary: 'Add a floating IP',
        requestBody: body('FloatingIpInput'),
        responses: responses(okJson({ type: 'object' }, '201', 'Created'), [400, 401, 409, 422]),
      },
    },
    '/floating-ips/{id}': {
      parameters: [idParam('id')],
      delete: { summary: 'Delete a floating IP', responses: responses({ '204': { description: 'Deleted' } }, [401, 404, 409]) },
    },
    '/config': {
      get: {
        summary: "Export one cluster's configuration (?cluster=, required when there are several)",
        parameters: [clusterQuery],
        responses: responses(okJson({ $ref: '#/components/schemas/ConfigDocument' }), [401]),
      },
      post: {
        summary:
          "Import (replace) one cluster's configuration (?cluster=, required when there are several; the others are not touched, console-wide settings only with default); ?dryRun=1 only says what would change",
        parameters: [{ name: 'dryRun', in: 'query', schema: { type: 'boolean' } }, clusterQuery],
        requestBody: body('ConfigDocument'),
        responses: responses(okJson({ type: 'object' }), [400, 401, 422]),
      },
    },
    '/config/import': {
      post: {
        summary:
          'Import the services and floating IPs of an existing keepalived.conf, or the services of an ldirectord.cf or of ipvsadm -Sn output (the body, as text); directors and settings stay. format=keepalived|ldirectord|ipvsadm; dryRun=1 only says what would change; merge=1 (or merge=LABEL) makes per-port services on one address one multi-port service; fwmark=N=IP:PORTS/proto says what a virtual_server fwmark N serves. Refused (422) naming file:line for anything the console cannot represent; notes list what the console does differently',
        parameters: [
          ...['format', 'dryRun', 'merge', 'fwmark'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
          clusterQuery,
        ],
        requestBody: { required: true, content: { 'text/plain': { schema: { type: 'string' } } } },
        responses: responses(okJson({ type: 'object' }), [400, 401, 403, 413, 422]),
      },
    },
    '/apply': {
      get: { summary: 'Recent applies', responses: responses(okJson({ type: 'array' }), [401]) },
      post: {
        summary:
          "Apply one cluster's configuration to its directors, and no other's: { comment, cluster } (both optional; the cluster, or ?cluster=, is required when there are several); 202 with the apply id",
        parameters: [clusterQuery],
        requestBody: { ...body('ApplyRequest'), required: false },
        responses: responses(okJson({ type: 'object' }, '202', 'Started'), [400, 401, 409]),
      },
    },
    '/apply/{id}': {
      parameters: [idParam('id')],
      get: {
        summary: 'An apply: status running | succeeded | failed, with its steps per director',
        responses: responses(okJson({ type: 'object' }), [401, 404]),
      },
    },
    '/revisions': { get: { summary: 'Applied revisions, newest first', responses: responses(okJson({ type: 'array' }), [401]) } },
    '/revisions/{id}/revert': {
      parameters: [idParam('id')],
      post: {
        summary: 'Bring the configuration back to this revision and apply it; 202',
        responses: responses(okJson({ type: 'object' }, '202', 'Started'), [401, 404, 409]),
      },
    },
    '/render': {
      get: {
        summary: 'Every artefact each director of the cluster would run (?cluster=, required when there are several)',
        parameters: [clusterQuery],
        responses: responses(okJson({ type: 'object' }), [401]),
      },
    },
    '/openapi.json': { get: { summary: 'This document', responses: responses(okJson({ type: 'object' }), [401]) } },
  };
}

/** Clusters (the Fleet): for now the one cluster `default`, its roll-up, name, site and description. */
function clusterPaths() {
  return {
    '/clusters': {
      get: {
        summary:
          'Every cluster with its roll-up: services by state, real servers down/drained/halted, the active director, no standby, split brain, behind, unreachable and unconfirmed directors, pending changes, the last apply, alerts (last 24 h, undelivered)',
        parameters: [clusterQuery],
        responses: responses(okJson({ type: 'array' }), [401]),
      },
      post: {
        summary:
          'A new cluster: { name, site?, description?, cloneFrom? }: empty, or with the services and floating IPs of cloneFrom (a new site like an old one); 201 with it. Add its directors (and services) with their clusterId.',
        requestBody: body('ClusterCreate'),
        responses: responses(okJson({ type: 'object' }, '201', 'Created'), [400, 401, 409, 422]),
      },
    },
    '/clusters/backup': {
      get: {
        summary:
          'Every cluster in one file: { format: lvs-console-fleet/1, clusters: [{ id?, name, site, description, configuration }] } (each configuration as GET /config?cluster= gives it); ?download=1 as an attachment',
        responses: responses(okJson({ type: 'object' }), [401]),
      },
      post: {
        summary:
          'Restore such a file: every cluster in it checked first (422 naming the cluster, nothing written), then each replaced, the missing ones made; clusters it does not name are left alone. ?dryRun=1 only says what would change',
        parameters: [{ name: 'dryRun', in: 'query', schema: { type: 'boolean' } }],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: responses(okJson({ type: 'object' }), [400, 401, 413, 422]),
      },
    },
    '/clusters/{id}': {
      parameters: [idParam('id')],
      get: { summary: 'One cluster with its roll-up', responses: responses(okJson({ type: 'object' }), [401, 404]) },
      patch: {
        summary: 'Its name, site and description, with the version from the last GET (409 when it changed meanwhile)',
        requestBody: body('ClusterPatch'),
        responses: responses(okJson({ type: 'object' }), [400, 401, 404, 409, 422]),
      },
      delete: {
        summary: 'Delete an empty cluster (no director, service or floating IP; 409 otherwise), never default',
        responses: { '204': { description: 'Deleted' }, ...responses({}, [401, 404, 409]) },
      },
    },
  };
}

/** Alerts: the channels, a test message, the delivery log. */
function alertPaths() {
  return {
    '/alerts': {
      get: {
        summary:
          'The alert channels (email over SMTP, webhooks), the hold-down time and the digest window; the SMTP password and webhook secrets are never returned (passwordSet, secretSet)',
        responses: responses(okJson({ type: 'object' }), [401]),
      },
      put: {
        summary:
          'Replace them. Body: { email: { host, port, security: none|starttls|tls, username?, password?, from, to: [] } | null, webhooks: [{ url, secret? }], holdDownSeconds?, digestWindowSeconds?, consoleUrl? }. A password or secret left out keeps the stored one; "" removes it. Audited.',
        requestBody: body('AlertSettings'),
        responses: responses(okJson({ type: 'object' }), [400, 401, 422]),
      },
    },
    '/alerts/test': {
      post: {
        summary: 'Send a test alert on every channel now: { results: [{ channel, ok, detail }] }, detail being what the server answered',
        responses: responses(okJson({ type: 'object' }), [400, 401]),
      },
    },
    '/alerts/deliveries': {
      get: {
        summary:
          'The delivery log: each attempt to send an alert, newest first, with what the server answered (?ok=false for failures only, ?channel=email|webhook:<url>, ?q=words of the message, ?limit=)',
        responses: responses(okJson({ type: 'array', items: { type: 'object' } }), [401]),
      },
    },
    '/alerts/silences': {
      get: {
        summary: 'Silences (maintenance windows): the active ones, ending soonest first, then the last 50 that ended',
        responses: responses(okJson({ type: 'array', items: { type: 'object' } }), [401]),
      },
      post: {
        summary:
          'No alerts about a virtual service (and its real servers), or one of its real servers, for a window. Body: { service: label, realServer?: label, minutes | until (ISO time), reason }; at most a week. What still holds when it ends is reported then. Audited; 201',
        requestBody: body('Silence'),
        responses: responses(okJson({ type: 'object' }, '201', 'Created'), [400, 401, 404, 422]),
      },
    },
    '/alerts/silences/{id}': {
      parameters: [idParam('id')],
      delete: {
        summary: 'End a silence now (it stays in the list as ended; ending it twice is fine). Audited',
        responses: responses(okJson({ type: 'object' }), [401, 404]),
      },
    },
  };
}

export function openApiDocument() {
  const vs = { $ref: '#/components/schemas/VirtualService' };
  const rs = { $ref: '#/components/schemas/RealServer' };
  return {
    openapi: '3.1.0',
    info: {
      title: 'lvs-console API',
      version: '1',
      description:
        "Every route takes a signed-in session or `Authorization: Bearer <api key>` (npm run cli -- api-key create --name NAME --role read-only|operator|admin), and needs the role in its x-required-role. A session request that changes something must come from the console's own origin.",
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    components: components(),
    paths: withRoles({
      ...servicePaths(vs, rs),
      ...livePaths(),
      ...wizardPaths(),
      ...directorPaths(),
      ...configurationPaths(),
      ...alertPaths(),
      ...clusterPaths(),
    }),
  };
}
