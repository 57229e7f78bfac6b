// The "Open in Patchworks" link of a published connector. The dashboard's host is documented
// (app.wearepatchworks.com: its login and OAuth redirect pages), but the URL of one marketplace connector is not,
// so it is the setting patchworks.publish.dashboardUrl, a template whose {id} becomes the system template's id.
// No `vscode` import.

export const defaultDashboardUrl = 'https://app.wearepatchworks.com/marketplace/connectors/{id}';

/** The link for a system template, or undefined when the setting is not an http(s) URL. */
export function dashboardLink(template: string, templateId: string): string | undefined {
  const filled = template.trim().replace(/\{id\}/g, encodeURIComponent(templateId));
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
}
