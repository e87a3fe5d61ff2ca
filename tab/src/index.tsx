/**
 * The "Pool Warden" tab of a pipeline run. Azure DevOps loads this page in a frame; the extension SDK's handshake
 * gives the run (through `onBuildChanged`), the theme and the signed-in user's access token. The page lists the run's
 * report attachments through the Build REST API with that token and renders them.
 */
import 'azure-devops-ui/Core/override.css';
import './icons.css';
import './tab.css';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as SDK from 'azure-devops-extension-sdk';
import { loadReportAttachments } from './api';
import { viewsOfRun } from './model/reports';
import { App, type LoadState } from './views/app';

/** The Build resource area (its URL comes from the host's location service). */
const BUILD_AREA_ID = '965220d5-5bb9-42cf-8d67-9b146df2a5a4';
const LOCATION_SERVICE = 'ms.vss-features.location-service';

interface BuildLike {
  id: number;
  project?: { id?: string; name?: string };
}
interface LocationService {
  getResourceAreaLocation(areaId: string): Promise<string>;
}

const root = document.getElementById('root')!;
const render = (state: LoadState) => ReactDOM.render(<App state={state} />, root);

async function load(build: BuildLike): Promise<void> {
  render({ phase: 'loading' });
  try {
    const location = await SDK.getService<LocationService>(LOCATION_SERVICE);
    const area = await location.getResourceAreaLocation(BUILD_AREA_ID);
    const baseUrl = area.endsWith('/') ? area : `${area}/`;
    const project = build.project?.id ?? build.project?.name ?? SDK.getWebContext().project.id;
    const attachments = await loadReportAttachments({ baseUrl, project, buildId: build.id }, () => SDK.getAccessToken());
    render({ phase: 'loaded', views: viewsOfRun(attachments), attachments: attachments.length });
  } catch (error) {
    render({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

async function main(): Promise<void> {
  await SDK.init({ loaded: false, applyTheme: true });
  await SDK.ready();
  const config = SDK.getConfiguration() as { onBuildChanged?: (handler: (build: BuildLike) => void) => void };
  if (!config.onBuildChanged) throw new Error('The host gave no build: this page belongs on the Pool Warden tab of a pipeline run.');
  config.onBuildChanged((build) => void load(build));
  await SDK.notifyLoadSucceeded();
}

main().catch((error: unknown) => {
  render({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
  void SDK.notifyLoadFailed(error instanceof Error ? error : new Error(String(error)));
});
