import { coreSpec } from './core-spec.ts';
import { launchWebKit } from './webkit-driver.ts';

coreSpec('webkit', launchWebKit);
