/** Pool size, tfjs backend, seed, speed, failure injection and reset. */
export function SettingsPage() {
  return (
    <section className="settings-page" aria-labelledby="settings-title" data-testid="settings-page">
      <h2 id="settings-title">Settings</h2>
    </section>
  );
}
