// The request runner's UI in a real VS Code: choosing the instance when a run asks, and finding the response
// panel (a webview) by its heading. Shared by the scenarios that send requests.

/**
 * Answers "No instance is selected" with Select Instance and picks the instance file: the one copy of these steps
 * for every scenario. `waitHidden: false` when the command asks something else at once (Listen's settle pick takes
 * the instance pick's place, and on a busy machine the quick input never hides between the two).
 */
export async function selectInstance(editor, instanceFile, { waitHidden = true } = {}) {
  const toast = editor.page.locator('.notifications-toasts .notification-toast', { hasText: 'No instance is selected' });
  await toast.waitFor();
  await editor.screenshot('asked-for-instance');
  await toast.locator('.monaco-button', { hasText: 'Select Instance' }).click();
  await editor.pickQuickInputItem(instanceFile, { waitHidden });
}

/** The response panel whose heading is `title` (other webviews may be open). */
export async function responsePanel(editor, title) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const count = await editor.page.locator('iframe.webview.ready').count();
    for (let i = 0; i < count; i += 1) {
      const frame = editor.webviewFrame(i);
      if (await frame.locator('h1', { hasText: title }).count() > 0) return frame;
    }
    await editor.page.waitForTimeout(250);
  }
  throw new Error(`no response panel titled "${title}" appeared`);
}
