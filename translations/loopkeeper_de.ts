<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Database</name>
    <message>
        <source>%1 failed on %2: %3 (SQLite code %4)</source>
        <translation>%1 ist bei %2 fehlgeschlagen: %3 (SQLite-Code %4)</translation>
    </message>
    <message>
        <source>binding an integer</source>
        <translation>Das Binden einer Ganzzahl</translation>
    </message>
    <message>
        <source>binding a number</source>
        <translation>Das Binden einer Zahl</translation>
    </message>
    <message>
        <source>binding text</source>
        <translation>Das Binden von Text</translation>
    </message>
    <message>
        <source>binding a blob</source>
        <translation>Das Binden von Binärdaten</translation>
    </message>
    <message>
        <source>binding null</source>
        <translation>Das Binden von NULL</translation>
    </message>
    <message>
        <source>running a statement</source>
        <translation>Das Ausführen einer Anweisung</translation>
    </message>
    <message>
        <source>Cannot open the database %1: %2</source>
        <translation>Die Datenbank %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>SQL failed on %1: %2</source>
        <translation>SQL ist bei %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>preparing a statement</source>
        <translation>Das Vorbereiten einer Anweisung</translation>
    </message>
</context>
<context>
    <name>Migrations</name>
    <message>
        <source>Schema migration list is misnumbered: entry %1 has version %2</source>
        <translation>Die Liste der Schemamigrationen ist falsch nummeriert: Eintrag %1 hat Version %2</translation>
    </message>
    <message>
        <source>Database %1 is at schema version %2, cannot apply %3</source>
        <translation>Die Datenbank %1 hat Schemaversion %2; %3 kann nicht angewendet werden</translation>
    </message>
    <message>
        <source>Schema migration %1 (%2) failed: %3</source>
        <translation>Schemamigration %1 (%2) ist fehlgeschlagen: %3</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Window average %1 ms; recent (EMA) %2 ms</source>
        <translation>Fensterdurchschnitt %1 ms; zuletzt (EMA) %2 ms</translation>
    </message>
    <message>
        <source>Window average %1; recent (EMA) %2</source>
        <translation>Fensterdurchschnitt %1; zuletzt (EMA) %2</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>%1 is a file; a workspace is a folder that holds %2. Pass the folder.</source>
        <translation>%1 ist eine Datei; ein Arbeitsbereich ist ein Ordner, der %2 enthält. Geben Sie den Ordner an.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2. Nothing was changed.</source>
        <translation>%1 kann nicht gelesen werden: %2. Es wurde nichts verändert.</translation>
    </message>
    <message>
        <source>%1 is not a Loopkeeper workspace database: it is not an SQLite file. Nothing was changed. Choose another workspace folder, or move the file away.</source>
        <translation>%1 ist keine Loopkeeper-Arbeitsbereichsdatenbank: Es ist keine SQLite-Datei. Es wurde nichts verändert. Wählen Sie einen anderen Arbeitsbereichsordner oder verschieben Sie die Datei.</translation>
    </message>
    <message>
        <source>%1 was written by a newer Loopkeeper (schema version %2; this Loopkeeper %3 reads up to version %4). Nothing was changed. Install a newer Loopkeeper to open it, or choose another workspace.</source>
        <translation>%1 wurde von einem neueren Loopkeeper geschrieben (Schemaversion %2; dieser Loopkeeper %3 liest bis Version %4). Es wurde nichts verändert. Installieren Sie einen neueren Loopkeeper, um ihn zu öffnen, oder wählen Sie einen anderen Arbeitsbereich.</translation>
    </message>
    <message>
        <source>%1 is an SQLite database of another application (application id %2, %3 schema objects), not a Loopkeeper workspace. Nothing was changed. Choose another workspace folder.</source>
        <translation>%1 ist eine SQLite-Datenbank einer anderen Anwendung (Anwendungskennung %2, %3 Schemaobjekte), kein Loopkeeper-Arbeitsbereich. Es wurde nichts verändert. Wählen Sie einen anderen Arbeitsbereichsordner.</translation>
    </message>
    <message>
        <source>Cannot read %1 as a database: %2. Nothing was changed.</source>
        <translation>%1 kann nicht als Datenbank gelesen werden: %2. Es wurde nichts verändert.</translation>
    </message>
    <message>
        <source>There is no Loopkeeper workspace at %1. Create one with &quot;loopkeeper-cli workspace init --workspace %1&quot; or choose another folder.</source>
        <translation>In %1 gibt es keinen Loopkeeper-Arbeitsbereich. Legen Sie einen mit „loopkeeper-cli workspace init --workspace %1“ an oder wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>Cannot create the workspace folder %1.</source>
        <translation>Der Arbeitsbereichsordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 in the workspace.</source>
        <translation>Der Ordner %1 im Arbeitsbereich kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>There is no Loopkeeper workspace at %1. Create one with &quot;loopkeeper-cli workspace init --workspace %1&quot;.</source>
        <translation>In %1 gibt es keinen Loopkeeper-Arbeitsbereich. Legen Sie einen mit „loopkeeper-cli workspace init --workspace %1“ an.</translation>
    </message>
</context>
<context>
    <name>lk::ui::AboutDialog</name>
    <message>
        <source>About Loopkeeper</source>
        <translation>Über Loopkeeper</translation>
    </message>
    <message>
        <source>&lt;b&gt;Loopkeeper %1&lt;/b&gt;&lt;br&gt;Operator console for the learning loop of agents and edge models.</source>
        <translation>&lt;b&gt;Loopkeeper %1&lt;/b&gt;&lt;br&gt;Bedienkonsole für die Lernschleife von Agenten und Edge-Modellen.</translation>
    </message>
    <message>
        <source>Loopkeeper</source>
        <translation>Loopkeeper</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1 (erstellt mit %2)</translation>
    </message>
    <message>
        <source>LibTorch</source>
        <translation>LibTorch</translation>
    </message>
    <message>
        <source>%1, %2 threads; tensor check %3</source>
        <translation>%1, %2 Threads; Tensorprüfung %3</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>FEHLGESCHLAGEN</translation>
    </message>
    <message>
        <source>SQLite</source>
        <translation>SQLite</translation>
    </message>
    <message>
        <source>BLAS</source>
        <translation>BLAS</translation>
    </message>
    <message>
        <source>not loaded</source>
        <translation>nicht geladen</translation>
    </message>
</context>
<context>
    <name>lk::ui::AgentsPanel</name>
    <message>
        <source>No agent outcomes yet</source>
        <translation>Noch keine Agentenergebnisse</translation>
    </message>
    <message>
        <source>Each agent&apos;s success rate with its credible interval, latency and quality trends and execution counts will appear here, with ranked recommendations of which agent to use for a task.</source>
        <translation>Hier erscheinen die Erfolgsquote jedes Agenten mit ihrem Glaubwürdigkeitsintervall, Verläufe von Latenz und Qualität und die Zahl der Ausführungen, dazu eine Rangliste, welcher Agent sich für eine Aufgabe empfiehlt.</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <source>Outcome events arrive through POST /api/learning/outcomes (loopkeeper-cli serve, or Tools &gt; Serve the Agent API) or loopkeeper-cli outcomes ingest FILE.</source>
        <translation>Ergebnisereignisse kommen über POST /api/learning/outcomes (loopkeeper-cli serve oder Extras &gt; Agenten-API anbieten) oder über loopkeeper-cli outcomes ingest DATEI.</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>Erfolgsquote</translation>
    </message>
    <message>
        <source>95 % interval</source>
        <translation>95-%-Intervall</translation>
    </message>
    <message>
        <source>Executions</source>
        <translation>Ausführungen</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>Latenz (ms)</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Qualität</translation>
    </message>
    <message>
        <source>Task type</source>
        <translation>Aufgabentyp</translation>
    </message>
    <message>
        <source>Agents for the task type</source>
        <translation>Agenten für den Aufgabentyp</translation>
    </message>
    <message>
        <source>All task types</source>
        <translation>Alle Aufgabentypen</translation>
    </message>
    <message>
        <source>&amp;Task type:</source>
        <translation>&amp;Aufgabentyp:</translation>
    </message>
    <message>
        <source>Recommend an agent</source>
        <translation>Einen Agenten empfehlen</translation>
    </message>
    <message>
        <source>Task type to recommend for</source>
        <translation>Aufgabentyp für die Empfehlung</translation>
    </message>
    <message>
        <source>Context as JSON</source>
        <translation>Kontext als JSON</translation>
    </message>
    <message>
        <source>How many agents</source>
        <translation>Wie viele Agenten</translation>
    </message>
    <message>
        <source>&amp;Recommend</source>
        <translation>&amp;Empfehlen</translation>
    </message>
    <message>
        <source>Recommend</source>
        <translation>Empfehlen</translation>
    </message>
    <message>
        <source>Recommended agents</source>
        <translation>Empfohlene Agenten</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <source>Sampled score</source>
        <translation>Gezogener Wert</translation>
    </message>
    <message>
        <source>Posterior mean</source>
        <translation>A-posteriori-Mittel</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Datenbasis</translation>
    </message>
    <message>
        <source>Task t&amp;ype:</source>
        <translation>Aufgaben&amp;typ:</translation>
    </message>
    <message>
        <source>&amp;Context:</source>
        <translation>&amp;Kontext:</translation>
    </message>
    <message>
        <source>&amp;Agents:</source>
        <translation>A&amp;genten:</translation>
    </message>
    <message>
        <source>%1 outcome events · %2 updates (%3 failed) · %4 samples · %5 ms per update · model score %6 · improvement rate %7</source>
        <translation>%1 Ergebnisereignisse · %2 Aktualisierungen (%3 fehlgeschlagen) · %4 Stichproben · %5 ms je Aktualisierung · Modellwert %6 · Verbesserungsrate %7</translation>
    </message>
    <message>
        <source>Choose or type a task type.</source>
        <translation>Wählen oder tippen Sie einen Aufgabentyp.</translation>
    </message>
    <message>
        <source>The context must be a JSON object, e.g. {&quot;complexity&quot;: &quot;high&quot;}.</source>
        <translation>Der Kontext muss ein JSON-Objekt sein, z. B. {&quot;complexity&quot;: &quot;high&quot;}.</translation>
    </message>
    <message>
        <source>Sampling…</source>
        <translation>Ziehe Stichproben …</translation>
    </message>
    <message>
        <source>this context</source>
        <translation>dieser Kontext</translation>
    </message>
    <message>
        <source>this task type</source>
        <translation>dieser Aufgabentyp</translation>
    </message>
    <message>
        <source>all tasks</source>
        <translation>alle Aufgaben</translation>
    </message>
    <message>
        <source>No agent has outcomes yet.</source>
        <translation>Noch kein Agent hat Ergebnisse.</translation>
    </message>
    <message>
        <source>Thompson sampling: each agent&apos;s score is a draw from its posterior, so rankings vary where the evidence is thin.</source>
        <translation>Thompson-Sampling: Der Wert jedes Agenten ist eine Ziehung aus seiner A-posteriori-Verteilung; wo die Datenbasis dünn ist, schwankt die Rangfolge.</translation>
    </message>
    <message>
        <source>Latency trend</source>
        <translation>Latenzverlauf</translation>
    </message>
    <message>
        <source>No outcome with a latency_ms yet.</source>
        <translation>Noch kein Ergebnis mit latency_ms.</translation>
    </message>
    <message>
        <source>Quality trend</source>
        <translation>Qualitätsverlauf</translation>
    </message>
    <message>
        <source>No outcome with a quality_score yet.</source>
        <translation>Noch kein Ergebnis mit quality_score.</translation>
    </message>
    <message>
        <source>Outcome event</source>
        <translation>Ergebnisereignis</translation>
    </message>
</context>
<context>
    <name>lk::ui::CurveChart</name>
    <message>
        <source>Curve chart</source>
        <translation>Kurvendiagramm</translation>
    </message>
    <message>
        <source>No points yet. Curves appear here as the run reports them.</source>
        <translation>Noch keine Punkte. Kurven erscheinen hier, sobald der Lauf sie meldet.</translation>
    </message>
    <message>
        <source>Values under the pointer</source>
        <translation>Werte unter dem Mauszeiger</translation>
    </message>
    <message>
        <source>Drag to zoom into an x range, turn the wheel to zoom, double-click to show everything; the context menu exports the chart.</source>
        <translation>Ziehen Sie, um in einen x-Bereich zu zoomen, drehen Sie das Mausrad zum Zoomen, doppelklicken Sie, um alles anzuzeigen; über das Kontextmenü exportieren Sie das Diagramm.</translation>
    </message>
    <message>
        <source>&amp;X axis:</source>
        <translation>&amp;X-Achse:</translation>
    </message>
    <message>
        <source>X axis</source>
        <translation>X-Achse</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>X axis choices</source>
        <translation>Auswahl für die X-Achse</translation>
    </message>
    <message>
        <source>&amp;Log scale</source>
        <translation>&amp;Logarithmisch</translation>
    </message>
    <message>
        <source>Log scale for the y axis</source>
        <translation>Logarithmische Skala für die y-Achse</translation>
    </message>
    <message>
        <source>&amp;Smoothing:</source>
        <translation>&amp;Glättung:</translation>
    </message>
    <message>
        <source>Smoothing weight</source>
        <translation>Glättungsgewicht</translation>
    </message>
    <message>
        <source>&amp;Reset zoom</source>
        <translation>&amp;Zoom zurücksetzen</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>Zoom zurücksetzen</translation>
    </message>
    <message>
        <source>Show the whole x range and follow new points</source>
        <translation>Den gesamten x-Bereich anzeigen und neuen Punkten folgen</translation>
    </message>
    <message>
        <source>Chart actions</source>
        <translation>Diagrammaktionen</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>Diagramm</translation>
    </message>
    <message>
        <source>Export Chart as &amp;PNG…</source>
        <translation>Diagramm als &amp;PNG exportieren …</translation>
    </message>
    <message>
        <source>Export Visible Data as &amp;CSV…</source>
        <translation>Sichtbare Daten als &amp;CSV exportieren …</translation>
    </message>
    <message>
        <source>&amp;Reset Zoom</source>
        <translation>&amp;Zoom zurücksetzen</translation>
    </message>
    <message>
        <source>There is no series with id %1 in this chart.</source>
        <translation>In diesem Diagramm gibt es keine Datenreihe mit der Kennung %1.</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation>Epoche %1</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Wall time (s)</source>
        <translation>Laufzeit (s)</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(unbenannt)</translation>
    </message>
    <message>
        <source>%1 at %2: %3 (smoothed %4)</source>
        <translation>%1 bei %2: %3 (geglättet %4)</translation>
    </message>
    <message>
        <source>%1 at %2: %3</source>
        <translation>%1 bei %2: %3</translation>
    </message>
    <message>
        <source>NaN or infinite, not drawn: %1</source>
        <translation>NaN oder unendlich, nicht gezeichnet: %1</translation>
    </message>
    <message>
        <source>≤ 0, not drawn on the log scale: %1</source>
        <translation>≤ 0, auf der logarithmischen Skala nicht gezeichnet: %1</translation>
    </message>
    <message>
        <source>Point at a curve to read its values; drag to zoom, double-click to show all.</source>
        <translation>Zeigen Sie auf eine Kurve, um ihre Werte abzulesen; ziehen Sie zum Zoomen, doppelklicken Sie, um alles anzuzeigen.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Could not encode the chart as PNG for %1.</source>
        <translation>Das Diagramm konnte für %1 nicht als PNG kodiert werden.</translation>
    </message>
    <message>
        <source>Export Failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Export Chart as PNG</source>
        <translation>Diagramm als PNG exportieren</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Export Visible Data as CSV</source>
        <translation>Sichtbare Daten als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
</context>
<context>
    <name>lk::ui::CurveData</name>
    <message>
        <source>Point %1 of the batch has step %2, outside 0…%3. Nothing was added.</source>
        <translation>Punkt %1 des Stapels hat Schritt %2, außerhalb von 0…%3. Es wurde nichts hinzugefügt.</translation>
    </message>
    <message>
        <source>Point %1 of the batch has an epoch or wall time that is not a finite number. Nothing was added.</source>
        <translation>Punkt %1 des Stapels hat eine Epoche oder Laufzeit, die keine endliche Zahl ist. Es wurde nichts hinzugefügt.</translation>
    </message>
    <message>
        <source>Point %1 of the batch goes back in %2: points must be appended in the order they were measured (start a new series for a resumed run). Nothing was added.</source>
        <translation>Punkt %1 des Stapels geht zurück (%2): Punkte müssen in der Reihenfolge angefügt werden, in der sie gemessen wurden (beginnen Sie für einen fortgesetzten Lauf eine neue Datenreihe). Es wurde nichts hinzugefügt.</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>wall time</source>
        <translation>Laufzeit</translation>
    </message>
</context>
<context>
    <name>lk::ui::DriftPanel</name>
    <message>
        <source>No drift data yet</source>
        <translation>Noch keine Driftdaten</translation>
    </message>
    <message>
        <source>Escalation rate against its baseline per edge node and model version, accuracy drift from corrected escalations, and input-distribution drift (PSI, Kolmogorov-Smirnov, Page-Hinkley, ADWIN) will appear here, with alerts and the training triggers they fired.</source>
        <translation>Hier erscheinen die Eskalationsrate gegenüber ihrer Basislinie je Edge-Knoten und Modellversion, die Genauigkeitsdrift aus korrigierten Eskalationen und die Drift der Eingabeverteilung (PSI, Kolmogorow-Smirnow, Page-Hinkley, ADWIN), mit Warnungen und den Trainingsauslösern, die sie ausgelöst haben.</translation>
    </message>
    <message>
        <source>Edge nodes (loopkeeper-node) report their predictions and escalations to this console.</source>
        <translation>Edge-Knoten (loopkeeper-node) melden dieser Konsole ihre Vorhersagen und Eskalationen.</translation>
    </message>
    <message>
        <source>Drift</source>
        <translation>Drift</translation>
    </message>
</context>
<context>
    <name>lk::ui::LogDock</name>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Log: recent warnings and errors</source>
        <translation>Protokoll: aktuelle Warnungen und Fehler</translation>
    </message>
    <message>
        <source>Recent warnings and errors</source>
        <translation>Aktuelle Warnungen und Fehler</translation>
    </message>
    <message>
        <source>No warnings or errors. Everything this process logs also goes to the workspace&apos;s logs/ folder.</source>
        <translation>Keine Warnungen oder Fehler. Alles, was dieser Prozess protokolliert, steht auch im Ordner logs/ des Arbeitsbereichs.</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Leeren</translation>
    </message>
    <message>
        <source>Clear the log view</source>
        <translation>Protokollansicht leeren</translation>
    </message>
    <message>
        <source>Log file: %1</source>
        <translation>Protokolldatei: %1</translation>
    </message>
</context>
<context>
    <name>lk::ui::MainWindow</name>
    <message>
        <source>Loopkeeper</source>
        <translation>Loopkeeper</translation>
    </message>
    <message>
        <source>Loopkeeper console</source>
        <translation>Loopkeeper-Konsole</translation>
    </message>
    <message>
        <source>Panels</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>Choose the panel to show; Ctrl+1 to Ctrl+6 also work.</source>
        <translation>Wählen Sie den anzuzeigenden Bereich; Strg+1 bis Strg+6 funktionieren ebenfalls.</translation>
    </message>
    <message>
        <source>&amp;New Workspace…</source>
        <translation>&amp;Neuer Arbeitsbereich …</translation>
    </message>
    <message>
        <source>Create a workspace in a folder you choose and open it</source>
        <translation>Einen Arbeitsbereich in einem Ordner Ihrer Wahl anlegen und öffnen</translation>
    </message>
    <message>
        <source>&amp;Open Workspace…</source>
        <translation>Arbeitsbereich ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Open an existing workspace folder</source>
        <translation>Einen vorhandenen Arbeitsbereichsordner öffnen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Show the %1 panel</source>
        <translation>Den Bereich %1 anzeigen</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>&amp;Protokoll</translation>
    </message>
    <message>
        <source>Show or hide recent warnings and errors</source>
        <translation>Aktuelle Warnungen und Fehler ein- oder ausblenden</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>&amp;About Loopkeeper</source>
        <translation>&amp;Über Loopkeeper</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>&amp;Bereiche</translation>
    </message>
    <message>
        <source>P&amp;alette</source>
        <translation>&amp;Farbschema</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Warnungen und Fehler</translation>
    </message>
    <message>
        <source>Show the log</source>
        <translation>Protokoll anzeigen</translation>
    </message>
    <message>
        <source>New Workspace: choose or create an empty folder</source>
        <translation>Neuer Arbeitsbereich: einen leeren Ordner wählen oder anlegen</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>Arbeitsbereich öffnen</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>Liste &amp;leeren</translation>
    </message>
    <message>
        <source>No workspace</source>
        <translation>Kein Arbeitsbereich</translation>
    </message>
    <message>
        <source>Opening workspace…</source>
        <translation>Arbeitsbereich wird geöffnet …</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>No workspace: opening failed</source>
        <translation>Kein Arbeitsbereich: Öffnen fehlgeschlagen</translation>
    </message>
    <message>
        <source>Engine state: %1</source>
        <translation>Zustand der Engine: %1</translation>
    </message>
    <message>
        <source>No workspace open</source>
        <translation>Kein Arbeitsbereich geöffnet</translation>
    </message>
    <message>
        <source>Workspace: %1</source>
        <translation>Arbeitsbereich: %1</translation>
    </message>
    <message>
        <source>%1 — Loopkeeper</source>
        <translation>%1 — Loopkeeper</translation>
    </message>
    <message>
        <source>Cannot open workspace</source>
        <translation>Arbeitsbereich kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>The workspace %1 could not be opened.</source>
        <translation>Der Arbeitsbereich %1 konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>Warnings and errors: %1</source>
        <translation>Warnungen und Fehler: %1</translation>
    </message>
    <message>
        <source>Serve the &amp;Agent API on 127.0.0.1:%1</source>
        <translation>&amp;Agenten-API auf 127.0.0.1:%1 anbieten</translation>
    </message>
    <message>
        <source>Let AI agents on this machine read training runs and their health over HTTP (loopback only)</source>
        <translation>KI-Agenten auf diesem Rechner Trainingsläufe und deren Zustand über HTTP lesen lassen (nur Loopback)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>E&amp;xtras</translation>
    </message>
    <message>
        <source>Agent API: %1</source>
        <translation>Agenten-API: %1</translation>
    </message>
    <message>
        <source>Agent API: not serving</source>
        <translation>Agenten-API: nicht aktiv</translation>
    </message>
</context>
<context>
    <name>lk::ui::Panel</name>
    <message>
        <source>This version of Loopkeeper does not include it yet.</source>
        <translation>Diese Version von Loopkeeper enthält das noch nicht.</translation>
    </message>
</context>
<context>
    <name>lk::ui::ReviewQueuePanel</name>
    <message>
        <source>No proposed memory rules</source>
        <translation>Keine vorgeschlagenen Gedächtnisregeln</translation>
    </message>
    <message>
        <source>Memory rules mined from audit summaries will wait here for a decision: approve (A), edit then approve (E), reject with a reason (R) or defer (D). Only approved rules are written to the workspace&apos;s context/memory/ folder.</source>
        <translation>Aus Audit-Zusammenfassungen gewonnene Gedächtnisregeln warten hier auf eine Entscheidung: genehmigen (A), bearbeiten und genehmigen (E), mit Begründung ablehnen (R) oder zurückstellen (D). Nur genehmigte Regeln werden in den Ordner context/memory/ des Arbeitsbereichs geschrieben.</translation>
    </message>
    <message>
        <source>Proposals come from batches of audit summaries, mined with loopkeeper-cli rules mine --audit FILE.</source>
        <translation>Vorschläge stammen aus Stapeln von Audit-Zusammenfassungen, ausgewertet mit loopkeeper-cli rules mine --audit DATEI.</translation>
    </message>
    <message>
        <source>Review queue</source>
        <translation>Prüfwarteschlange</translation>
    </message>
    <message>
        <source>Approved rules are written to %1</source>
        <translation>Genehmigte Regeln werden nach %1 geschrieben</translation>
    </message>
</context>
<context>
    <name>lk::ui::RolloutPanel</name>
    <message>
        <source>No edge nodes registered</source>
        <translation>Keine Edge-Knoten registriert</translation>
    </message>
    <message>
        <source>Every edge node will appear here as a tile coloured by model version and health, with canary progress, the judge&apos;s verdicts and score, and buttons to start, pause, promote or roll back a rollout.</source>
        <translation>Jeder Edge-Knoten erscheint hier als Kachel, gefärbt nach Modellversion und Zustand, mit dem Fortschritt des Canary-Rollouts, den Urteilen und der Punktzahl der Bewertung und Schaltflächen zum Starten, Anhalten, Freigeben oder Zurücksetzen eines Rollouts.</translation>
    </message>
    <message>
        <source>Nodes come from a fleet file that lists loopkeeper-node agents with their addresses.</source>
        <translation>Die Knoten stammen aus einer Flottendatei, die loopkeeper-node-Agenten mit ihren Adressen auflistet.</translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation>Rollout</translation>
    </message>
</context>
<context>
    <name>lk::ui::RunListModel</name>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>pausiert</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>vorzeitig beendet</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>divergiert</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>unterbrochen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <source>Best epoch</source>
        <translation>Beste Epoche</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>Testgenauigkeit</translation>
    </message>
    <message>
        <source>Samples/s</source>
        <translation>Stichproben/s</translation>
    </message>
</context>
<context>
    <name>lk::ui::SamplesModelsPanel</name>
    <message>
        <source>No samples or models yet</source>
        <translation>Noch keine Stichproben oder Modelle</translation>
    </message>
    <message>
        <source>Escalated samples by status, node, class and day, the training trigger&apos;s state, training jobs, and the model registry with its lineage will appear here.</source>
        <translation>Hier erscheinen eskalierte Stichproben nach Status, Knoten, Klasse und Tag, der Zustand des Trainingsauslösers, Trainingsaufträge und das Modellregister mit seiner Abstammung.</translation>
    </message>
    <message>
        <source>Samples arrive through POST /api/samples, JSONL files dropped in the workspace&apos;s inbox/ folder, or loopkeeper-cli samples ingest.</source>
        <translation>Stichproben kommen über POST /api/samples, als JSONL-Dateien im Ordner inbox/ des Arbeitsbereichs oder über loopkeeper-cli samples ingest.</translation>
    </message>
    <message>
        <source>Samples &amp; Models</source>
        <translation>Stichproben &amp; Modelle</translation>
    </message>
    <message>
        <source>This workspace&apos;s inbox folder: %1</source>
        <translation>Eingangsordner dieses Arbeitsbereichs: %1</translation>
    </message>
</context>
<context>
    <name>lk::ui::TrainingConfigDialog</name>
    <message>
        <source>New Training Run</source>
        <translation>Neuer Trainingslauf</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>Datensatzordner</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>Choose the dataset folder</source>
        <translation>Den Datensatzordner wählen</translation>
    </message>
    <message>
        <source>Dataset folder (MNIST-format IDX files)</source>
        <translation>Datensatzordner (IDX-Dateien im MNIST-Format)</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>small-cnn (2 conv layers)</source>
        <translation>small-cnn (2 Faltungsschichten)</translation>
    </message>
    <message>
        <source>mlp (2 hidden layers)</source>
        <translation>mlp (2 verborgene Schichten)</translation>
    </message>
    <message>
        <source>Fine-tune from model</source>
        <translation>Feinabstimmung ausgehend von Modell</translation>
    </message>
    <message>
        <source>empty: train from scratch; or a model.pt to fine-tune</source>
        <translation>leer: von Grund auf trainieren; oder ein model.pt zur Feinabstimmung</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>Optimierer</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>SGD with momentum</source>
        <translation>SGD mit Momentum</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>Momentum</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>Gewichtszerfall</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Startwert</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>Validation share</source>
        <translation>Validierungsanteil</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>Trainingsbilder</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Test images</source>
        <translation>Testbilder</translation>
    </message>
    <message>
        <source>Stop early when curve health says so</source>
        <translation>Vorzeitig abbrechen, wenn die Kurvenanalyse es empfiehlt</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>Vorzeitiger Abbruch</translation>
    </message>
    <message>
        <source>Patience</source>
        <translation>Geduld</translation>
    </message>
    <message>
        <source>Minimum improvement</source>
        <translation>Minimale Verbesserung</translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation>&amp;Datensatz:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>&amp;Fine-tune from:</source>
        <translation>&amp;Feinabstimmung ausgehend von:</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>&amp;Epochen:</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>&amp;Batchgröße:</translation>
    </message>
    <message>
        <source>&amp;Learning rate:</source>
        <translation>&amp;Lernrate:</translation>
    </message>
    <message>
        <source>&amp;Optimizer:</source>
        <translation>&amp;Optimierer:</translation>
    </message>
    <message>
        <source>Mo&amp;mentum:</source>
        <translation>Mome&amp;ntum:</translation>
    </message>
    <message>
        <source>&amp;Weight decay:</source>
        <translation>&amp;Gewichtszerfall:</translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation>Start&amp;wert:</translation>
    </message>
    <message>
        <source>&amp;Threads:</source>
        <translation>&amp;Threads:</translation>
    </message>
    <message>
        <source>&amp;Validation share:</source>
        <translation>&amp;Validierungsanteil:</translation>
    </message>
    <message>
        <source>Training &amp;images:</source>
        <translation>Tr&amp;ainingsbilder:</translation>
    </message>
    <message>
        <source>Test i&amp;mages:</source>
        <translation>Testb&amp;ilder:</translation>
    </message>
    <message>
        <source>&amp;Patience (epochs):</source>
        <translation>Ged&amp;uld (Epochen):</translation>
    </message>
    <message>
        <source>Minimum i&amp;mprovement:</source>
        <translation>Minimale Ve&amp;rbesserung:</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Start the run</source>
        <translation>Den Lauf starten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>lk::ui::TrainingPanel</name>
    <message>
        <source>No training runs yet</source>
        <translation>Noch keine Trainingsläufe</translation>
    </message>
    <message>
        <source>Live loss and accuracy curves of each run will appear here, with overfitting, plateau and divergence flags as they occur, the best epoch marked, and an early-stopping recommendation with its reason.</source>
        <translation>Hier erscheinen live die Verlust- und Genauigkeitskurven jedes Laufs, mit Hinweisen auf Überanpassung, Plateau und Divergenz, sobald sie auftreten, der markierten besten Epoche und einer begründeten Empfehlung zum vorzeitigen Abbruch.</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Start a run with the button below or with loopkeeper-cli train; runs that loopkeeper-cli trains in this workspace appear here too, live.</source>
        <translation>Starten Sie einen Lauf mit der Schaltfläche unten oder mit loopkeeper-cli train; Läufe, die loopkeeper-cli in diesem Arbeitsbereich trainiert, erscheinen hier ebenfalls live.</translation>
    </message>
    <message>
        <source>Training controls</source>
        <translation>Trainingssteuerung</translation>
    </message>
    <message>
        <source>&amp;New Run…</source>
        <translation>&amp;Neuer Lauf …</translation>
    </message>
    <message>
        <source>Configure and start a training run</source>
        <translation>Einen Trainingslauf konfigurieren und starten</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausieren</translation>
    </message>
    <message>
        <source>Pause the run at the next step</source>
        <translation>Den Lauf beim nächsten Schritt pausieren</translation>
    </message>
    <message>
        <source>C&amp;ontinue</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Continue the paused run</source>
        <translation>Den pausierten Lauf fortsetzen</translation>
    </message>
    <message>
        <source>&amp;Cancel Run</source>
        <translation>Lauf a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Stop the run; its last checkpoint is kept</source>
        <translation>Den Lauf abbrechen; sein letzter Prüfpunkt bleibt erhalten</translation>
    </message>
    <message>
        <source>&amp;Resume from Checkpoint</source>
        <translation>Ab Prüfpunkt &amp;wieder aufnehmen</translation>
    </message>
    <message>
        <source>Continue the selected stopped run from its last checkpoint</source>
        <translation>Den ausgewählten beendeten Lauf ab seinem letzten Prüfpunkt fortsetzen</translation>
    </message>
    <message>
        <source>Training progress</source>
        <translation>Trainingsfortschritt</translation>
    </message>
    <message>
        <source>Training runs; check runs to overlay their curves</source>
        <translation>Trainingsläufe; haken Sie Läufe an, um ihre Kurven zu überlagern</translation>
    </message>
    <message>
        <source>Run rows</source>
        <translation>Zeilen der Läufe</translation>
    </message>
    <message>
        <source>Run columns</source>
        <translation>Spalten der Läufe</translation>
    </message>
    <message>
        <source>Table corner</source>
        <translation>Tabellenecke</translation>
    </message>
    <message>
        <source>Overfitting</source>
        <translation>Überanpassung</translation>
    </message>
    <message>
        <source>Plateau</source>
        <translation>Plateau</translation>
    </message>
    <message>
        <source>Divergence</source>
        <translation>Divergenz</translation>
    </message>
    <message>
        <source>Loss chart</source>
        <translation>Verlustdiagramm</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Check a run in the list to see its loss curves.</source>
        <translation>Haken Sie einen Lauf in der Liste an, um seine Verlustkurven zu sehen.</translation>
    </message>
    <message>
        <source>Accuracy chart</source>
        <translation>Genauigkeitsdiagramm</translation>
    </message>
    <message>
        <source>Validation accuracy appears after each epoch.</source>
        <translation>Die Validierungsgenauigkeit erscheint nach jeder Epoche.</translation>
    </message>
    <message>
        <source>Resuming %1…</source>
        <translation>%1 wird wieder aufgenommen …</translation>
    </message>
    <message>
        <source>Training %1…</source>
        <translation>%1 wird trainiert …</translation>
    </message>
    <message>
        <source>Paused %1</source>
        <translation>%1 pausiert</translation>
    </message>
    <message>
        <source>%1 %2: test accuracy %3 %</source>
        <translation>%1 %2: Testgenauigkeit %3 %</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>The run could not go on: %1</source>
        <translation>Der Lauf konnte nicht fortgesetzt werden: %1</translation>
    </message>
    <message>
        <source>Loading the data…</source>
        <translation>Daten werden geladen …</translation>
    </message>
    <message>
        <source>Cancelling at the next step…</source>
        <translation>Abbruch beim nächsten Schritt …</translation>
    </message>
    <message>
        <source>%1 train (steps)</source>
        <translation>%1 Training (Schritte)</translation>
    </message>
    <message>
        <source>%1 train</source>
        <translation>%1 Training</translation>
    </message>
    <message>
        <source>%1 validation</source>
        <translation>%1 Validierung</translation>
    </message>
    <message>
        <source>%1: no finished epoch yet.</source>
        <translation>%1: noch keine abgeschlossene Epoche.</translation>
    </message>
    <message>
        <source>Since epoch %1 the training loss falls while the validation loss rises. Generalization loss GL = %2 %, PQ = %3, gap = %4.</source>
        <translation>Seit Epoche %1 sinkt der Trainingsverlust, während der Validierungsverlust steigt. Generalisierungsverlust GL = %2 %, PQ = %3, Abstand = %4.</translation>
    </message>
    <message>
        <source>undefined</source>
        <translation>undefiniert</translation>
    </message>
    <message>
        <source>The validation loss has not improved for %1 epochs (patience %2); last improvement at epoch %3.</source>
        <translation>Der Validierungsverlust hat sich seit %1 Epochen nicht verbessert (Geduld %2); letzte Verbesserung in Epoche %3.</translation>
    </message>
    <message>
        <source>Best epoch %1: validation loss %2</source>
        <translation>Beste Epoche %1: Validierungsverlust %2</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Fortfahren</translation>
    </message>
    <message>
        <source>Stop now</source>
        <translation>Jetzt beenden</translation>
    </message>
    <message>
        <source>Reduce the learning rate</source>
        <translation>Lernrate verringern</translation>
    </message>
    <message>
        <source>Stop and restore epoch %1</source>
        <translation>Beenden und Epoche %1 wiederherstellen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recommendation: %1.&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;Empfehlung: %1.&lt;/b&gt; %2</translation>
    </message>
    <message>
        <source>Recommendation: %1. %2</source>
        <translation>Empfehlung: %1. %2</translation>
    </message>
    <message>
        <source>best epoch %1</source>
        <translation>beste Epoche %1</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
</context>
</TS>
