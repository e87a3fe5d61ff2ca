/**
 * The host side of the extension SDK handshake, as Azure DevOps plays it around a build results tab: an iframe on the
 * extension's own origin, and over the SDK's own XDM channel: `DevOps.HostControl` (initialHandshake with the
 * contribution id, context, initial configuration and theme; getAccessToken; load notifications; resize) and
 * `DevOps.ServiceManager` (getService: the location service). The run reaches the page through
 * `initialConfig.onBuildChanged`, as on a real run page. Test harness only (emulator/tab-host); never packaged.
 */
// The SDK's XDM module is not in its package exports; the host side uses the same channel code as the page.
import { channelManager } from '../../node_modules/azure-devops-extension-sdk/esm/XDM.js';

export interface HostPageConfig {
  pageUrl: string;
  extensionOrigin: string;
  contributionId: string;
  publisherId: string;
  extensionId: string;
  version: string;
  organization: string;
  collectionUrl: string;
  buildAreaUrl: string;
  accessToken: string;
  theme: Record<string, string>;
  themeName: string;
  build: { id: number; buildNumber: string; project: { id: string; name: string }; definition: { id: number; name: string } };
  frameHeight: number;
}

interface HostLog {
  handshakes: unknown[];
  tokenRequests: number;
  services: string[];
  loaded?: boolean;
  failed?: string;
}

const config = JSON.parse(document.getElementById('pw-host-config')!.textContent!) as HostPageConfig;
const log: HostLog = { handshakes: [], tokenRequests: 0, services: [] };
(window as unknown as { __hostLog: HostLog }).__hostLog = log;

document.body.style.margin = '0';
document.body.style.background = config.theme['background-color'] ?? '#fff';
const frame = document.createElement('iframe');
frame.id = 'pw-tab-frame';
frame.title = 'Pool Warden';
frame.style.border = '0';
frame.style.width = '100%';
frame.style.height = `${config.frameHeight}px`;
frame.src = config.pageUrl;
document.body.appendChild(frame);

const channel = channelManager.addChannel(frame.contentWindow!, config.extensionOrigin);
const registry = channel.getObjectRegistry();
registry.register('DevOps.HostControl', {
  initialHandshake(options: unknown) {
    log.handshakes.push(options);
    return {
      contributionId: config.contributionId,
      context: {
        extension: {
          id: `${config.publisherId}.${config.extensionId}`,
          publisherId: config.publisherId,
          extensionId: config.extensionId,
          version: config.version,
        },
        user: {
          id: '7f3b1e52-0c1d-4a8e-9a55-3f1f6d1c2b10',
          name: 'Platform Reader',
          displayName: 'Platform Reader',
          descriptor: 'aad.reader',
          imageUrl: '',
        },
        host: { id: 'c0ffee00-0000-4000-8000-000000000001', name: config.organization, serviceVersion: 'pool-warden-harness', type: 4 },
      },
      initialConfig: {
        // Azure DevOps calls the handler with the run now and whenever it changes.
        onBuildChanged: (handler: (build: unknown) => void) => {
          handler(config.build);
        },
      },
      themeData: config.theme,
    };
  },
  getAccessToken() {
    log.tokenRequests++;
    return { token: config.accessToken };
  },
  getAppToken() {
    return { token: '' };
  },
  notifyLoadSucceeded() {
    log.loaded = true;
  },
  notifyLoadFailed(error: unknown) {
    log.failed = String((error as { message?: string })?.message ?? error);
  },
  resize() {
    // The results view sizes the tab itself.
  },
});
registry.register('DevOps.ServiceManager', {
  getService(contributionId: string) {
    log.services.push(contributionId);
    if (contributionId !== 'ms.vss-features.location-service') throw new Error(`No service ${contributionId} in this harness`);
    return {
      getResourceAreaLocation: (areaId: string) => {
        if (areaId.toLowerCase() !== '965220d5-5bb9-42cf-8d67-9b146df2a5a4') throw new Error(`Unknown resource area ${areaId}`);
        return Promise.resolve(config.buildAreaUrl);
      },
      getServiceLocation: () => Promise.resolve(config.collectionUrl),
    };
  },
});
