// The request runner: "Send request" and the response panel.
import type { Services } from '../services';

export function registerRunner(_services: Services): void {
  // To come.
}
