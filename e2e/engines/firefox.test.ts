import { coreSpec } from './core-spec.ts';
import { launchFirefox } from './firefox-driver.ts';

coreSpec('firefox', launchFirefox);
