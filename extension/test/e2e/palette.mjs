// The command palette, for a Patchworks command that may not be listed yet: right after the workbench shows, the
// installed extensions may still be being scanned, and the palette does not list their commands.

/** Finds `title` in the palette (asking again for up to 90 s) and picks it; whatever the command opens is the caller's. */
export async function startPatchworksCommand(editor, title) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    await editor.page.keyboard.press('F1');
    await editor.quickInput.waitFor({ state: 'visible' });
    await editor.quickInput.fill('>' + title);
    const row = editor.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ timeout: 5_000 });
    } catch (error) {
      await editor.page.keyboard.press('Escape');
      if (Date.now() > deadline) throw error;
      continue;
    }
    await row.click();
    return;
  }
}
