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
        <source>Outcome events arrive through POST /api/learning/outcomes, JSONL files in the workspace&apos;s inbox/ folder, or loopkeeper-cli outcomes ingest.</source>
        <translation>Ergebnisereignisse kommen über POST /api/learning/outcomes, als JSONL-Dateien im Ordner inbox/ des Arbeitsbereichs oder über loopkeeper-cli outcomes ingest.</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agenten</translation>
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
        <source>Runs are started from this panel or with loopkeeper-cli train, on Fashion-MNIST or on the workspace&apos;s corrected samples.</source>
        <translation>Läufe werden in diesem Bereich oder mit loopkeeper-cli train gestartet, auf Fashion-MNIST oder auf den korrigierten Stichproben des Arbeitsbereichs.</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
</context>
</TS>
