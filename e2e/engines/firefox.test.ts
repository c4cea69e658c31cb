import { coreSpec } from './core-spec.ts';
import { launchFirefox } from './firefox-driver.ts';
import { widgetSpec } from './widget-spec.ts';

coreSpec('firefox', launchFirefox);
widgetSpec('firefox', launchFirefox);
