import { coreSpec } from './core-spec.ts';
import { launchWebKit } from './webkit-driver.ts';
import { widgetSpec } from './widget-spec.ts';

coreSpec('webkit', launchWebKit);
widgetSpec('webkit', launchWebKit);
