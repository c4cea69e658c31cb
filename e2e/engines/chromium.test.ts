import { launchChromium } from './chromium-driver.ts';
import { coreSpec } from './core-spec.ts';

coreSpec('chromium', launchChromium);
