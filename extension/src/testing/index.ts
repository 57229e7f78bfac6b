// Connector tests: the Test Explorer over the server's patchworks/testCases and patchworks/runTests.
import type { Services } from '../services';
import { registerTestExplorer } from './testExplorer';

export function registerTesting(services: Services): void {
  registerTestExplorer(services);
}
