/** Shown instead of the HMI when the page was opened without a gateway token. */
export function MissingToken() {
  return (
    <main className="missing-token" data-testid="missing-token">
      <div className="missing-token__panel">
        <h1>Lineside HMI</h1>
        <p className="missing-token__lead">This window is not connected to a plant runtime.</p>
        <p>
          The HMI must be opened with the address that the runtime prints when it starts: run <code>npm run serve</code> (or <code>npm start</code> for the desktop app) and open the URL it shows, which ends in <code>#token=…</code>.
        </p>
        <p>The token in that address lets this window read and write plant data. Ask your engineer if you do not have it.</p>
      </div>
    </main>
  );
}
