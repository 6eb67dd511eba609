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
    <name>FleetText</name>
    <message>
        <source>Deploying</source>
        <translation>Wird verteilt</translation>
    </message>
    <message>
        <source>Watching</source>
        <translation>Wird beobachtet</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Rolling back</source>
        <translation>Wird zurückgerollt</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Rolled back</source>
        <translation>Zurückgerollt</translation>
    </message>
    <message>
        <source>Aborted</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Deploying step %1 of %2 (%3 %)</source>
        <translation>Verteile Schritt %1 von %2 (%3 %)</translation>
    </message>
    <message>
        <source>Watching step %1 of %2 (%3 %)</source>
        <translation>Beobachte Schritt %1 von %2 (%3 %)</translation>
    </message>
    <message>
        <source>Paused at step %1 of %2 (%3 %)</source>
        <translation>Angehalten bei Schritt %1 von %2 (%3 %)</translation>
    </message>
    <message>
        <source>Rolling back from step %1 of %2</source>
        <translation>Rolle zurück ab Schritt %1 von %2</translation>
    </message>
    <message>
        <source>canary not judged yet</source>
        <translation>Canary noch nicht bewertet</translation>
    </message>
    <message>
        <source>canary %1</source>
        <translation>Canary %1</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Deployed</source>
        <translation>Verteilt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Erreichbar</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Ausgefallen</translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation>Noch nicht geprüft</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>Neuer Versuch</translation>
    </message>
    <message>
        <source>Node failed</source>
        <translation>Knoten fehlgeschlagen</translation>
    </message>
    <message>
        <source>Judged</source>
        <translation>Bewertet</translation>
    </message>
    <message>
        <source>Promoted</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>Fortgesetzt</translation>
    </message>
    <message>
        <source>Window extended</source>
        <translation>Fenster verlängert</translation>
    </message>
    <message>
        <source>Rollback requested</source>
        <translation>Zurückrollen angefordert</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>marginal</source>
        <translation>grenzwertig</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>not enough data</source>
        <translation>zu wenig Daten</translation>
    </message>
    <message>
        <source>promoted by an operator</source>
        <translation>von einem Operator freigegeben</translation>
    </message>
    <message>
        <source>not judged yet</source>
        <translation>noch nicht bewertet</translation>
    </message>
    <message>
        <source>Escalation rate</source>
        <translation>Eskalationsrate</translation>
    </message>
    <message>
        <source>Accuracy (corrected escalations)</source>
        <translation>Genauigkeit (korrigierte Eskalationen)</translation>
    </message>
    <message>
        <source>Latency p95</source>
        <translation>Latenz p95</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>Fehlerrate</translation>
    </message>
    <message>
        <source>✔ Pass</source>
        <translation>✔ Bestanden</translation>
    </message>
    <message>
        <source>– No data</source>
        <translation>– Keine Daten</translation>
    </message>
    <message>
        <source>▲ Higher, harmless</source>
        <translation>▲ Höher, unschädlich</translation>
    </message>
    <message>
        <source>✖ Higher: fails</source>
        <translation>✖ Höher: nicht bestanden</translation>
    </message>
    <message>
        <source>▼ Lower, harmless</source>
        <translation>▼ Niedriger, unschädlich</translation>
    </message>
    <message>
        <source>✖ Lower: fails</source>
        <translation>✖ Niedriger: nicht bestanden</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>Confidence PSI</source>
        <translation>Konfidenz-PSI</translation>
    </message>
    <message>
        <source>Confidence KS</source>
        <translation>Konfidenz-KS</translation>
    </message>
    <message>
        <source>Page–Hinkley</source>
        <translation>Page–Hinkley</translation>
    </message>
    <message>
        <source>ADWIN</source>
        <translation>ADWIN</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>Keine Daten</translation>
    </message>
    <message>
        <source>not offered to the learning loop</source>
        <translation>der Lernschleife nicht angeboten</translation>
    </message>
    <message>
        <source>training triggered</source>
        <translation>Training ausgelöst</translation>
    </message>
    <message>
        <source>no training (%1)</source>
        <translation>kein Training (%1)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>(%1 fields)</source>
        <translation>(%1 Felder)</translation>
    </message>
</context>
<context>
    <name>FleetWidgets</name>
    <message>
        <source>%1 columns</source>
        <translation>Spalten: %1</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>Zeilen: %1</translation>
    </message>
</context>
<context>
    <name>LiveTable</name>
    <message>
        <source>%1 rows</source>
        <translation>Zeilen: %1</translation>
    </message>
    <message>
        <source>%1 columns</source>
        <translation>Spalten: %1</translation>
    </message>
</context>
<context>
    <name>LoopText</name>
    <message>
        <source>pass</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>nicht bestanden</translation>
    </message>
    <message>
        <source>inconclusive</source>
        <translation>nicht aussagekräftig</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>by %1, %2</source>
        <translation>von %1, %2</translation>
    </message>
    <message>
        <source>Incumbent</source>
        <translation>Bisheriges Modell</translation>
    </message>
    <message>
        <source>none (first model of the line)</source>
        <translation>keines (erstes Modell der Linie)</translation>
    </message>
    <message>
        <source>Evaluation set</source>
        <translation>Evaluierungsmenge</translation>
    </message>
    <message>
        <source>%1 inputs%2</source>
        <translation>%1 Eingaben%2</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Lift</source>
        <translation>Zugewinn</translation>
    </message>
    <message>
        <source>McNemar p</source>
        <translation>McNemar-p</translation>
    </message>
    <message>
        <source>%1 (incumbent right, candidate wrong: %2; the reverse: %3)</source>
        <translation>%1 (bisheriges Modell richtig, Kandidat falsch: %2; umgekehrt: %3)</translation>
    </message>
    <message>
        <source>Escalation rate</source>
        <translation>Eskalationsrate</translation>
    </message>
    <message>
        <source>Subset %1</source>
        <translation>Teilmenge %1</translation>
    </message>
    <message>
        <source>%1 inputs: %2</source>
        <translation>%1 Eingaben: %2</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>Gründe</translation>
    </message>
    <message>
        <source>Per class</source>
        <translation>Je Klasse</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Eingaben</translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation>Kandidat</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Gates</source>
        <translation>Gates</translation>
    </message>
    <message>
        <source>Gate</source>
        <translation>Gate</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 points</source>
        <translation>%1 Punkte</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>In training</source>
        <translation>Im Training</translation>
    </message>
    <message>
        <source>Used in a model</source>
        <translation>In einem Modell verwendet</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>Archiviert</translation>
    </message>
    <message>
        <source>Filtered out</source>
        <translation>Aussortiert</translation>
    </message>
    <message>
        <source>manual trigger</source>
        <translation>manueller Auslöser</translation>
    </message>
    <message>
        <source>accuracy drift</source>
        <translation>Genauigkeitsdrift</translation>
    </message>
    <message>
        <source>escalation-rate drift</source>
        <translation>Drift der Eskalationsrate</translation>
    </message>
    <message>
        <source>sample threshold</source>
        <translation>Stichprobenschwelle</translation>
    </message>
    <message>
        <source>schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>Promote</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Needs a human decision</source>
        <translation>Braucht eine menschliche Entscheidung</translation>
    </message>
    <message>
        <source>Candidate, awaiting a decision</source>
        <translation>Kandidat, wartet auf Entscheidung</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Deprecated</source>
        <translation>Abgelöst</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>In der Warteschlange</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>Elternmodell</translation>
    </message>
    <message>
        <source>none: trained from scratch</source>
        <translation>keines: von Grund auf trainiert</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>Testgenauigkeit</translation>
    </message>
    <message>
        <source>Best epoch</source>
        <translation>Beste Epoche</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Training time</source>
        <translation>Trainingsdauer</translation>
    </message>
    <message>
        <source>Training samples</source>
        <translation>Trainingsstichproben</translation>
    </message>
    <message>
        <source>%1 (marked used in this version: %2)</source>
        <translation>%1 (in dieser Version als verwendet markiert: %2)</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>Training run</source>
        <translation>Trainingslauf</translation>
    </message>
    <message>
        <source>Artifact</source>
        <translation>Artefakt</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Gate decisions, newest first</source>
        <translation>Gate-Entscheidungen, neueste zuerst</translation>
    </message>
    <message>
        <source>None recorded.</source>
        <translation>Keine verzeichnet.</translation>
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
    <message>
        <source>The workspace %1 is read-only: %2 cannot be written (%3). Nothing was changed. Commands that only read, such as &quot;workspace info&quot;, still work; to change the workspace, give this user write access to the file and its folder.</source>
        <translation>Der Arbeitsbereich %1 ist schreibgeschützt: %2 kann nicht geschrieben werden (%3). Nichts wurde geändert. Befehle, die nur lesen, etwa &quot;workspace info&quot;, funktionieren weiterhin; um den Arbeitsbereich zu ändern, geben Sie diesem Benutzer Schreibrecht auf die Datei und ihren Ordner.</translation>
    </message>
    <message>
        <source>the file is write-protected</source>
        <translation>die Datei ist schreibgeschützt</translation>
    </message>
</context>
<context>
    <name>lk::loop::LoopMonitorWorker</name>
    <message>
        <source>No workspace is open.</source>
        <translation>Es ist kein Arbeitsbereich geöffnet.</translation>
    </message>
    <message>
        <source>No model version %1</source>
        <translation>Keine Modellversion %1</translation>
    </message>
    <message>
        <source>%1 has no registered sha256 to compare with</source>
        <translation>Für %1 ist keine sha256 registriert, mit der verglichen werden könnte</translation>
    </message>
</context>
<context>
    <name>lk::rollout::FleetMonitor</name>
    <message>
        <source>No workspace is open.</source>
        <translation>Es ist kein Arbeitsbereich geöffnet.</translation>
    </message>
</context>
<context>
    <name>lk::rollout::FleetMonitorWorker</name>
    <message>
        <source>No workspace is open.</source>
        <translation>Es ist kein Arbeitsbereich geöffnet.</translation>
    </message>
</context>
<context>
    <name>lk::rules::ReviewMonitorWorker</name>
    <message>
        <source>Reserved by %1 until %2</source>
        <translation>Reserviert von %1 bis %2</translation>
    </message>
    <message>
        <source>No workspace is open.</source>
        <translation>Es ist kein Arbeitsbereich geöffnet.</translation>
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
    <message>
        <source>not available: %1</source>
        <translation>nicht verfügbar: %1</translation>
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
    <message>
        <source>Window average %1 ms; recent (EMA) %2 ms</source>
        <translation>Fensterdurchschnitt %1 ms; zuletzt (EMA) %2 ms</translation>
    </message>
    <message>
        <source>Window average %1; recent (EMA) %2</source>
        <translation>Fensterdurchschnitt %1; zuletzt (EMA) %2</translation>
    </message>
    <message>
        <source>1 agent</source>
        <translation>1 Agent</translation>
    </message>
    <message>
        <source>%1 agents</source>
        <translation>%1 Agenten</translation>
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
    <name>lk::ui::DriftHeatMap</name>
    <message>
        <source>No nodes</source>
        <translation>Keine Knoten</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1: no window</source>
        <translation>%1: kein Fenster</translation>
    </message>
    <message>
        <source>%1: escalation rate %2 over %3 predictions in %4 windows; baseline %5</source>
        <translation>%1: Eskalationsrate %2 über %3 Vorhersagen in %4 Fenstern; Basislinie %5</translation>
    </message>
    <message>
        <source>still being built</source>
        <translation>wird noch aufgebaut</translation>
    </message>
    <message>
        <source> (%1×)</source>
        <translation> (%1×)</translation>
    </message>
    <message>
        <source>; alert limit %1</source>
        <translation>; Alarmgrenze %1</translation>
    </message>
    <message>
        <source>; ALERT: %1</source>
        <translation>; ALARM: %1</translation>
    </message>
    <message>
        <source>drift</source>
        <translation>Drift</translation>
    </message>
    <message>
        <source>; model %1</source>
        <translation>; Modell %1</translation>
    </message>
    <message>
        <source>No nodes to show</source>
        <translation>Keine Knoten anzuzeigen</translation>
    </message>
    <message>
        <source>%1 buckets of %2</source>
        <translation>%1 Abschnitte zu je %2</translation>
    </message>
    <message>
        <source>rate vs baseline: 0.5×</source>
        <translation>Rate zu Basislinie: 0,5×</translation>
    </message>
    <message>
        <source>1.5×+ (middle: 1×)</source>
        <translation>1,5×+ (Mitte: 1×)</translation>
    </message>
    <message>
        <source>alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>no window</source>
        <translation>kein Fenster</translation>
    </message>
    <message>
        <source>no baseline yet</source>
        <translation>noch keine Basislinie</translation>
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
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 6 hours</source>
        <translation>Letzte 6 Stunden</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Node shown in the chart</source>
        <translation>Im Diagramm gezeigter Knoten</translation>
    </message>
    <message>
        <source>All nodes</source>
        <translation>Alle Knoten</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>&amp;Node:</source>
        <translation>&amp;Knoten:</translation>
    </message>
    <message>
        <source>&amp;Range:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <source>Escalation rate against the baseline band</source>
        <translation>Eskalationsrate gegenüber dem Basislinienband</translation>
    </message>
    <message>
        <source>Escalation rate over time per node, with the baseline band</source>
        <translation>Eskalationsrate im Zeitverlauf je Knoten, mit dem Basislinienband</translation>
    </message>
    <message>
        <source>Nodes × time: escalation rate against the baseline</source>
        <translation>Knoten × Zeit: Eskalationsrate gegenüber der Basislinie</translation>
    </message>
    <message>
        <source>Heat map of escalation rate by node and time</source>
        <translation>Heatmap der Eskalationsrate nach Knoten und Zeit</translation>
    </message>
    <message>
        <source>Latest window per node</source>
        <translation>Letztes Fenster je Knoten</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Model version</source>
        <translation>Modellversion</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>Predictions</source>
        <translation>Vorhersagen</translation>
    </message>
    <message>
        <source>Escalation rate</source>
        <translation>Eskalationsrate</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>Basislinie</translation>
    </message>
    <message>
        <source>PSI</source>
        <translation>PSI</translation>
    </message>
    <message>
        <source>KS D</source>
        <translation>KS D</translation>
    </message>
    <message>
        <source>KS p</source>
        <translation>KS p</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>Drift alerts</source>
        <translation>Drift-Alarme</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>Ausgelöst</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>Erklärung</translation>
    </message>
    <message>
        <source>Learning loop</source>
        <translation>Lernschleife</translation>
    </message>
    <message>
        <source>Training job</source>
        <translation>Trainingsauftrag</translation>
    </message>
    <message>
        <source>The selected alert: checks and the learning loop&apos;s answer</source>
        <translation>Der gewählte Alarm: Prüfungen und die Antwort der Lernschleife</translation>
    </message>
    <message>
        <source>Show Training &amp;Job</source>
        <translation>Trainings&amp;auftrag zeigen</translation>
    </message>
    <message>
        <source>Show the training job of the selected alert</source>
        <translation>Den Trainingsauftrag des gewählten Alarms zeigen</translation>
    </message>
    <message>
        <source>Open the job this alert&apos;s trigger started in the Samples &amp; Models panel</source>
        <translation>Den Auftrag, den der Auslöser dieses Alarms gestartet hat, im Bereich Stichproben &amp; Modelle öffnen</translation>
    </message>
    <message>
        <source>Cannot read the drift windows: %1</source>
        <translation>Die Drift-Fenster können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No drift windows yet</source>
        <translation>Noch keine Drift-Fenster</translation>
    </message>
    <message>
        <source>Each edge node&apos;s escalation rate against its baseline, accuracy on corrected escalations, and confidence drift (PSI, Kolmogorov-Smirnov, Page-Hinkley, ADWIN) will appear here per window, with the alerts and the training triggers they fired.</source>
        <translation>Hier erscheinen je Fenster die Eskalationsrate jedes Edge-Knotens gegenüber seiner Basislinie, die Genauigkeit auf korrigierten Eskalationen und die Drift der Konfidenzen (PSI, Kolmogorow-Smirnow, Page-Hinkley, ADWIN), mit den Alarmen und den Trainingsauslösern, die sie ausgelöst haben.</translation>
    </message>
    <message>
        <source>The fleet runner judges every edge node of fleet.json in windows of its traffic; the first windows build each node&apos;s baseline.</source>
        <translation>Der Flottenläufer bewertet jeden Edge-Knoten aus fleet.json in Fenstern seines Verkehrs; die ersten Fenster bilden die Basislinie jedes Knotens.</translation>
    </message>
    <message>
        <source>Put fleet.json in the workspace to list the loopkeeper-node agents: {&quot;nodes&quot;: [{&quot;name&quot;: &quot;edge-1&quot;, &quot;url&quot;: &quot;http://127.0.0.1:8101&quot;}]}; their traffic is then judged in windows.</source>
        <translation>Legen Sie fleet.json in den Arbeitsbereich, um die loopkeeper-node-Agenten aufzuführen: {&quot;nodes&quot;: [{&quot;name&quot;: &quot;edge-1&quot;, &quot;url&quot;: &quot;http://127.0.0.1:8101&quot;}]}; ihr Verkehr wird dann in Fenstern bewertet.</translation>
    </message>
    <message>
        <source>Fleet file: %1</source>
        <translation>Flottendatei: %1</translation>
    </message>
    <message>
        <source>No drift window of %1 ended in the chosen range (%2).</source>
        <translation>Im gewählten Zeitraum (%2) endete kein Drift-Fenster von %1.</translation>
    </message>
    <message>
        <source>any node</source>
        <translation>irgendeinem Knoten</translation>
    </message>
    <message>
        <source>%1 nodes · %2 windows and %3 alerts in range · newest window ended %4</source>
        <translation>%1 Knoten · %2 Fenster und %3 Alarme im Zeitraum · neuestes Fenster endete %4</translation>
    </message>
    <message>
        <source>✖ Alert: %1</source>
        <translation>✖ Alarm: %1</translation>
    </message>
    <message>
        <source>– No data yet</source>
        <translation>– Noch keine Daten</translation>
    </message>
    <message>
        <source>✔ OK (%1 of %2 without data)</source>
        <translation>✔ OK (%1 von %2 ohne Daten)</translation>
    </message>
    <message>
        <source>✔ OK</source>
        <translation>✔ OK</translation>
    </message>
    <message>
        <source>Enter or double-click: show job %1 in Samples &amp; Models</source>
        <translation>Eingabetaste oder Doppelklick: Auftrag %1 in Stichproben &amp; Modelle zeigen</translation>
    </message>
    <message>
        <source>A&amp;lerts: none%1. An alert is raised when a window&apos;s checks show drift that is unlikely to be noise; it is offered to the learning loop as a drift trigger.</source>
        <translation>Ala&amp;rme: keine%1. Ein Alarm entsteht, wenn die Prüfungen eines Fensters eine Drift zeigen, die kaum Zufall sein kann; er wird der Lernschleife als Drift-Auslöser angeboten.</translation>
    </message>
    <message>
        <source> for %1</source>
        <translation> für %1</translation>
    </message>
    <message>
        <source>A&amp;lerts, newest first%1; double-click one with a training job to open it.</source>
        <translation>Ala&amp;rme, neueste zuerst%1; Doppelklick auf einen mit Trainingsauftrag öffnet diesen.</translation>
    </message>
    <message>
        <source> (%1 only)</source>
        <translation> (nur %1)</translation>
    </message>
    <message>
        <source>&lt;p&gt;Select an alert to see its checks and what the learning loop did with it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Wählen Sie einen Alarm, um seine Prüfungen zu sehen und was die Lernschleife damit getan hat.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Learning loop:</source>
        <translation>Lernschleife:</translation>
    </message>
    <message>
        <source>training job %1</source>
        <translation>Trainingsauftrag %1</translation>
    </message>
    <message>
        <source>Fit to data</source>
        <translation>An Daten anpassen</translation>
    </message>
    <message>
        <source>No drift window of %1 is stored yet.</source>
        <translation>Für %1 ist noch kein Drift-Fenster gespeichert.</translation>
    </message>
    <message numerus="yes">
        <source>%n drifting</source>
        <translation>
            <numerusform>%n driftet</numerusform>
            <numerusform>%n driften</numerusform>
        </translation>
    </message>
    <message>
        <source>1 alert in 1 h</source>
        <translation>1 Alarm in 1 h</translation>
    </message>
    <message>
        <source>%1 alerts in 1 h</source>
        <translation>%1 Alarme in 1 h</translation>
    </message>
</context>
<context>
    <name>lk::ui::DriftRateChart</name>
    <message>
        <source>Window end</source>
        <translation>Fensterende</translation>
    </message>
    <message>
        <source>Escalation rate over time</source>
        <translation>Eskalationsrate im Zeitverlauf</translation>
    </message>
    <message>
        <source>Baseline band</source>
        <translation>Basislinienband</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>Basislinie</translation>
    </message>
    <message>
        <source>Rate (%)</source>
        <translation>Rate (%)</translation>
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
    <message>
        <source>Choose the panel to show; Ctrl+1 to Ctrl+6 also work. Each row says what needs attention.</source>
        <translation>Wählen Sie die anzuzeigende Ansicht; Strg+1 bis Strg+6 gehen auch. Jede Zeile sagt, was Aufmerksamkeit braucht.</translation>
    </message>
    <message>
        <source>Training job %1 is not listed yet; it is selected as soon as it is read.</source>
        <translation>Trainingsjob %1 ist noch nicht aufgeführt; er wird ausgewählt, sobald er gelesen ist.</translation>
    </message>
</context>
<context>
    <name>lk::ui::NodeProgressBar</name>
    <message>
        <source>%1 deployed, %2 waiting, %3 failed, %4 rolled back of %5 nodes; this step aims for %6</source>
        <translation>%1 verteilt, %2 wartend, %3 fehlgeschlagen, %4 zurückgerollt von %5 Knoten; dieser Schritt zielt auf %6</translation>
    </message>
</context>
<context>
    <name>lk::ui::NodeTileModel</name>
    <message>
        <source>version unknown</source>
        <translation>Version unbekannt</translation>
    </message>
    <message>
        <source>Teacher: takes no rollouts</source>
        <translation>Lehrer: nimmt keine Rollouts an</translation>
    </message>
    <message>
        <source>Not in the rollout</source>
        <translation>Nicht im Rollout</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <source>✖ Failed after %1 attempts</source>
        <translation>✖ Fehlgeschlagen nach %1 Versuchen</translation>
    </message>
    <message>
        <source>✔ Deployed · %1</source>
        <translation>✔ Verteilt · %1</translation>
    </message>
    <message>
        <source>↩ Rolled back · %1</source>
        <translation>↩ Zurückgerollt · %1</translation>
    </message>
    <message>
        <source>… Waiting · %1</source>
        <translation>… Wartet · %1</translation>
    </message>
    <message>
        <source>✔ Up · %1</source>
        <translation>✔ Erreichbar · %1</translation>
    </message>
    <message>
        <source>✖ DOWN · %1</source>
        <translation>✖ AUSGEFALLEN · %1</translation>
    </message>
    <message>
        <source>? Not checked · %1</source>
        <translation>? Nicht geprüft · %1</translation>
    </message>
    <message>
        <source>CANARY</source>
        <translation>CANARY</translation>
    </message>
    <message>
        <source>canary</source>
        <translation>Canary</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Last check</source>
        <translation>Letzte Prüfung</translation>
    </message>
    <message>
        <source>Last up</source>
        <translation>Zuletzt erreichbar</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation>Rollout</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Last attempt</source>
        <translation>Letzter Versuch</translation>
    </message>
    <message>
        <source>Fleet file</source>
        <translation>Flottendatei</translation>
    </message>
    <message>
        <source>not listed any more</source>
        <translation>nicht mehr aufgeführt</translation>
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
    <name>lk::ui::PanelList</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
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
    <message>
        <source>Status filter</source>
        <translation>Statusfilter</translation>
    </message>
    <message>
        <source>Open (proposed or deferred)</source>
        <translation>Offen (vorgeschlagen oder zurückgestellt)</translation>
    </message>
    <message>
        <source>Proposed</source>
        <translation>Vorgeschlagen</translation>
    </message>
    <message>
        <source>Deferred</source>
        <translation>Zurückgestellt</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Genehmigt</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>Außer Kraft</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Priority filter</source>
        <translation>Prioritätsfilter</translation>
    </message>
    <message>
        <source>Any priority</source>
        <translation>Jede Priorität</translation>
    </message>
    <message>
        <source>Target agent filter</source>
        <translation>Zielagentenfilter</translation>
    </message>
    <message>
        <source>Any agent</source>
        <translation>Jeder Agent</translation>
    </message>
    <message>
        <source>Minimum confidence</source>
        <translation>Mindestkonfidenz</translation>
    </message>
    <message>
        <source>Maximum confidence</source>
        <translation>Höchstkonfidenz</translation>
    </message>
    <message>
        <source>&amp;Conflicts only</source>
        <translation>Nur &amp;Konflikte</translation>
    </message>
    <message>
        <source>Conflicts only</source>
        <translation>Nur Konflikte</translation>
    </message>
    <message>
        <source>Search rules</source>
        <translation>Regeln durchsuchen</translation>
    </message>
    <message>
        <source>Search rule id, trigger or instruction</source>
        <translation>Regel-ID, Auslöser oder Anweisung suchen</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <source>Your name as it is recorded with every decision</source>
        <translation>Ihr Name, wie er bei jeder Entscheidung vermerkt wird</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Priorität:</translation>
    </message>
    <message>
        <source>A&amp;gent:</source>
        <translation>A&amp;gent:</translation>
    </message>
    <message>
        <source>Con&amp;fidence:</source>
        <translation>Kon&amp;fidenz:</translation>
    </message>
    <message>
        <source>Searc&amp;h:</source>
        <translation>Suc&amp;he:</translation>
    </message>
    <message>
        <source>Re&amp;viewer:</source>
        <translation>Prü&amp;fer:</translation>
    </message>
    <message>
        <source>Memory rules</source>
        <translation>Gedächtnisregeln</translation>
    </message>
    <message>
        <source>Memory rules columns</source>
        <translation>Spalten der Gedächtnisregeln</translation>
    </message>
    <message>
        <source>Memory rules rows</source>
        <translation>Zeilen der Gedächtnisregeln</translation>
    </message>
    <message>
        <source>Selected rule: text, evidence, similar rules and history</source>
        <translation>Ausgewählte Regel: Text, Belege, ähnliche Regeln und Verlauf</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Genehmigen</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Genehmigen</translation>
    </message>
    <message>
        <source>Approve the rule (A); with several rules selected, all of them after a confirmation</source>
        <translation>Die Regel genehmigen (A); bei mehreren ausgewählten Regeln alle nach einer Bestätigung</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten …</translation>
    </message>
    <message>
        <source>Edit and approve</source>
        <translation>Bearbeiten und genehmigen</translation>
    </message>
    <message>
        <source>Edit the rule&apos;s text, then approve it (E)</source>
        <translation>Den Text der Regel bearbeiten, dann genehmigen (E)</translation>
    </message>
    <message>
        <source>&amp;Reject…</source>
        <translation>&amp;Ablehnen …</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Reject the rule with a reason (R)</source>
        <translation>Die Regel mit Begründung ablehnen (R)</translation>
    </message>
    <message>
        <source>&amp;Defer</source>
        <translation>&amp;Zurückstellen</translation>
    </message>
    <message>
        <source>Defer</source>
        <translation>Zurückstellen</translation>
    </message>
    <message>
        <source>Decide later (D)</source>
        <translation>Später entscheiden (D)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Take back your last decision (U)</source>
        <translation>Ihre letzte Entscheidung zurücknehmen (U)</translation>
    </message>
    <message>
        <source>&amp;Keys…</source>
        <translation>&amp;Tasten …</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Show the keys (?)</source>
        <translation>Die Tasten anzeigen (?)</translation>
    </message>
    <message>
        <source>Cannot read the review queue: %1</source>
        <translation>Die Prüfwarteschlange kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>No rule matches the filter (%1 rules in the queue: %2).</source>
        <translation>Keine Regel entspricht dem Filter (%1 Regeln in der Warteschlange: %2).</translation>
    </message>
    <message>
        <source>Showing %1 of %2 rules (%3).</source>
        <translation>%1 von %2 Regeln angezeigt (%3).</translation>
    </message>
    <message>
        <source>%1 · priority %2 · for %3 · confidence %4</source>
        <translation>%1 · Priorität %2 · für %3 · Konfidenz %4</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wenn</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>Anweisung</translation>
    </message>
    <message>
        <source>Rationale</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>As proposed</source>
        <translation>Wie vorgeschlagen</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Belege</translation>
    </message>
    <message>
        <source>%1 occurrences in %2 runs</source>
        <translation>%1 Vorkommen in %2 Läufen</translation>
    </message>
    <message>
        <source>Runs: %1</source>
        <translation>Läufe: %1</translation>
    </message>
    <message>
        <source>Batches: %1</source>
        <translation>Stapel: %1</translation>
    </message>
    <message>
        <source>Wasted: %1 retries, %2 s, cost %3; %4 failed outcomes</source>
        <translation>Vergeudet: %1 Wiederholungen, %2 s, Kosten %3; %4 gescheiterte Ergebnisse</translation>
    </message>
    <message>
        <source>Conflicts with:</source>
        <translation>Widerspricht:</translation>
    </message>
    <message>
        <source>Similar and conflicting rules</source>
        <translation>Ähnliche und widersprechende Regeln</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>Keine.</translation>
    </message>
    <message>
        <source>(conflict)</source>
        <translation>(Konflikt)</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>Entscheidungen</translation>
    </message>
    <message>
        <source>None yet.</source>
        <translation>Noch keine.</translation>
    </message>
    <message>
        <source>%1: %2 by %3%4%5</source>
        <translation>%1: %2 von %3%4%5</translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source>, undone</source>
        <translation>, zurückgenommen</translation>
    </message>
    <message>
        <source>Memory file: %1</source>
        <translation>Gedächtnisdatei: %1</translation>
    </message>
    <message>
        <source>Reserved by %1 until %2: you cannot decide it now.</source>
        <translation>Reserviert von %1 bis %2: Sie können jetzt nicht darüber entscheiden.</translation>
    </message>
    <message>
        <source>Reserved for you until %1.</source>
        <translation>Für Sie reserviert bis %1.</translation>
    </message>
    <message>
        <source>Decided.</source>
        <translation>Entschieden.</translation>
    </message>
    <message>
        <source>Decided by %1 at %2.</source>
        <translation>Entschieden von %1 am %2.</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Approve %n…</source>
        <translation>
            <numerusform>&amp;Genehmigen (%n) …</numerusform>
            <numerusform>&amp;Genehmigen (%n) …</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Reject %n…</source>
        <translation>
            <numerusform>&amp;Ablehnen (%n) …</numerusform>
            <numerusform>&amp;Ablehnen (%n) …</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Defer %n…</source>
        <translation>
            <numerusform>&amp;Zurückstellen (%n) …</numerusform>
            <numerusform>&amp;Zurückstellen (%n) …</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 cannot be decided now.</source>
        <translation>Über %1 kann jetzt nicht entschieden werden.</translation>
    </message>
    <message numerus="yes">
        <source>Why are these %n rules rejected? (required)</source>
        <translation>
            <numerusform>Warum wird diese %n Regel abgelehnt? (erforderlich)</numerusform>
            <numerusform>Warum werden diese %n Regeln abgelehnt? (erforderlich)</numerusform>
        </translation>
    </message>
    <message>
        <source>Why is %1 rejected? (required)</source>
        <translation>Warum wird %1 abgelehnt? (erforderlich)</translation>
    </message>
    <message>
        <source>A rejection needs a reason; nothing was rejected.</source>
        <translation>Eine Ablehnung braucht eine Begründung; es wurde nichts abgelehnt.</translation>
    </message>
    <message>
        <source>Edit and approve %1</source>
        <translation>%1 bearbeiten und genehmigen</translation>
    </message>
    <message>
        <source>Target agent</source>
        <translation>Zielagent</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Trigger condition</source>
        <translation>Auslösebedingung</translation>
    </message>
    <message>
        <source>Approve with Edits</source>
        <translation>Mit Änderungen genehmigen</translation>
    </message>
    <message>
        <source>Target &amp;agent:</source>
        <translation>Ziel&amp;agent:</translation>
    </message>
    <message>
        <source>&amp;When:</source>
        <translation>&amp;Wenn:</translation>
    </message>
    <message>
        <source>&amp;Instruction:</source>
        <translation>A&amp;nweisung:</translation>
    </message>
    <message>
        <source>&amp;Rationale:</source>
        <translation>Begründ&amp;ung:</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Out of scope, not approved:
%1</source>
        <translation>Außerhalb des zulässigen Bereichs, nicht genehmigt:
%1</translation>
    </message>
    <message numerus="yes">
        <source>None of the %n selected rules can be decided now: %1</source>
        <translation>
            <numerusform>Über die %n ausgewählte Regel kann jetzt nicht entschieden werden: %1</numerusform>
            <numerusform>Über keine der %n ausgewählten Regeln kann jetzt entschieden werden: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Decide %n rules</source>
        <translation>
            <numerusform>Über %n Regel entscheiden</numerusform>
            <numerusform>Über %n Regeln entscheiden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… und %n weitere</numerusform>
            <numerusform>… und %n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Approve %n Rules</source>
        <translation>
            <numerusform>%n Regel genehmigen</numerusform>
            <numerusform>%n Regeln genehmigen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reject %n Rules</source>
        <translation>
            <numerusform>%n Regel ablehnen</numerusform>
            <numerusform>%n Regeln ablehnen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Defer %n Rules</source>
        <translation>
            <numerusform>%n Regel zurückstellen</numerusform>
            <numerusform>%n Regeln zurückstellen</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing undone: %1</source>
        <translation>Nichts zurückgenommen: %1</translation>
    </message>
    <message>
        <source>%1 not decided: %2</source>
        <translation>Über %1 nicht entschieden: %2</translation>
    </message>
    <message>
        <source>Approved %1.</source>
        <translation>%1 genehmigt.</translation>
    </message>
    <message>
        <source>Approved %1: written to %2.</source>
        <translation>%1 genehmigt: nach %2 geschrieben.</translation>
    </message>
    <message>
        <source>Edited and approved %1: written to %2.</source>
        <translation>%1 bearbeitet und genehmigt: nach %2 geschrieben.</translation>
    </message>
    <message>
        <source>Rejected %1.</source>
        <translation>%1 abgelehnt.</translation>
    </message>
    <message>
        <source>Deferred %1.</source>
        <translation>%1 zurückgestellt.</translation>
    </message>
    <message>
        <source>U undoes it.</source>
        <translation>U nimmt es zurück.</translation>
    </message>
    <message>
        <source>Undone: %1 is %2 again.</source>
        <translation>Zurückgenommen: %1 ist wieder %2.</translation>
    </message>
    <message>
        <source>%1: %2 decided, %3 skipped.</source>
        <translation>%1: %2 entschieden, %3 übersprungen.</translation>
    </message>
    <message>
        <source>First reason: %1</source>
        <translation>Erster Grund: %1</translation>
    </message>
    <message>
        <source>Review queue keys</source>
        <translation>Tasten der Prüfwarteschlange</translation>
    </message>
    <message>
        <source>&lt;table&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;J&lt;/b&gt; / &lt;b&gt;↓&lt;/b&gt;&lt;/td&gt;&lt;td&gt;next rule&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;K&lt;/b&gt; / &lt;b&gt;↑&lt;/b&gt;&lt;/td&gt;&lt;td&gt;previous rule&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;A&lt;/b&gt;&lt;/td&gt;&lt;td&gt;approve (several selected: all of them, after a confirmation)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;E&lt;/b&gt;&lt;/td&gt;&lt;td&gt;edit, then approve&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;R&lt;/b&gt;&lt;/td&gt;&lt;td&gt;reject (asks the reason)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;D&lt;/b&gt;&lt;/td&gt;&lt;td&gt;defer&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;U&lt;/b&gt;&lt;/td&gt;&lt;td&gt;undo your last decision&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Shift/Ctrl + click&lt;/b&gt;&lt;/td&gt;&lt;td&gt;select several rules&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;?&lt;/b&gt;&lt;/td&gt;&lt;td&gt;this help&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;table&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;J&lt;/b&gt; / &lt;b&gt;↓&lt;/b&gt;&lt;/td&gt;&lt;td&gt;nächste Regel&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;K&lt;/b&gt; / &lt;b&gt;↑&lt;/b&gt;&lt;/td&gt;&lt;td&gt;vorige Regel&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;A&lt;/b&gt;&lt;/td&gt;&lt;td&gt;genehmigen (mehrere ausgewählt: alle, nach einer Bestätigung)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;E&lt;/b&gt;&lt;/td&gt;&lt;td&gt;bearbeiten, dann genehmigen&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;R&lt;/b&gt;&lt;/td&gt;&lt;td&gt;ablehnen (fragt nach der Begründung)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;D&lt;/b&gt;&lt;/td&gt;&lt;td&gt;zurückstellen&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;U&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Ihre letzte Entscheidung zurücknehmen&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Umschalt/Strg + Klick&lt;/b&gt;&lt;/td&gt;&lt;td&gt;mehrere Regeln auswählen&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;?&lt;/b&gt;&lt;/td&gt;&lt;td&gt;diese Hilfe&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n offen</numerusform>
            <numerusform>%n offen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lk::ui::ReviewRulesModel</name>
    <message>
        <source>Proposed</source>
        <translation>Vorgeschlagen</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Genehmigt</translation>
    </message>
    <message>
        <source>Edited and approved</source>
        <translation>Bearbeitet und genehmigt</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Deferred</source>
        <translation>Zurückgestellt</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>Außer Kraft</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>When: %1
Do: %2</source>
        <translation>Wenn: %1
Tun: %2</translation>
    </message>
    <message>
        <source>Reserved by %1 until %2</source>
        <translation>Reserviert von %1 bis %2</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Konflikt</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Target agent</source>
        <translation>Zielagent</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <source>Occurrences</source>
        <translation>Vorkommen</translation>
    </message>
    <message>
        <source>Reserved by</source>
        <translation>Reserviert von</translation>
    </message>
    <message>
        <source>Trigger condition</source>
        <translation>Auslösebedingung</translation>
    </message>
</context>
<context>
    <name>lk::ui::RolloutPanel</name>
    <message>
        <source>Every edge node will appear here as a tile coloured by model version and health, with canary progress, the judge&apos;s verdicts and score, and buttons to start, pause, promote or roll back a rollout.</source>
        <translation>Jeder Edge-Knoten erscheint hier als Kachel, gefärbt nach Modellversion und Zustand, mit dem Fortschritt des Canary-Rollouts, den Urteilen und der Punktzahl der Bewertung und Schaltflächen zum Starten, Anhalten, Freigeben oder Zurücksetzen eines Rollouts.</translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation>Rollout</translation>
    </message>
    <message>
        <source>No workspace open</source>
        <translation>Kein Arbeitsbereich geöffnet</translation>
    </message>
    <message>
        <source>Nodes come from the workspace&apos;s fleet.json, which lists loopkeeper-node agents with their addresses.</source>
        <translation>Die Knoten kommen aus der fleet.json des Arbeitsbereichs, die loopkeeper-node-Agenten mit ihren Adressen aufführt.</translation>
    </message>
    <message>
        <source>&amp;Start Rollout…</source>
        <translation>Rollout &amp;starten …</translation>
    </message>
    <message>
        <source>Roll a model version out to the fleet: a canary share first, then the rest</source>
        <translation>Eine Modellversion an die Flotte verteilen: zuerst an einen Canary-Anteil, dann an den Rest</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausieren</translation>
    </message>
    <message>
        <source>Hold the rollout where it is; nothing more is deployed or judged until it is resumed</source>
        <translation>Den Rollout anhalten, wo er ist; bis zum Fortsetzen wird nichts mehr verteilt oder bewertet</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Carry on with the paused rollout</source>
        <translation>Den angehaltenen Rollout fortsetzen</translation>
    </message>
    <message>
        <source>Pr&amp;omote…</source>
        <translation>F&amp;reigeben …</translation>
    </message>
    <message>
        <source>Go to the next step now, as if the judge had passed the canary</source>
        <translation>Jetzt zum nächsten Schritt gehen, als hätte die Bewertung das Canary bestanden</translation>
    </message>
    <message>
        <source>Roll &amp;Back…</source>
        <translation>&amp;Zurückrollen …</translation>
    </message>
    <message>
        <source>Give every node that has the candidate its previous model back</source>
        <translation>Jedem Knoten mit dem Kandidaten sein vorheriges Modell zurückgeben</translation>
    </message>
    <message>
        <source>Current rollout</source>
        <translation>Aktueller Rollout</translation>
    </message>
    <message>
        <source>The deployment line as the REST API and loopkeeper-cli report it</source>
        <translation>Die Verteilungszeile, wie die REST-API und loopkeeper-cli sie melden</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Schritte:</translation>
    </message>
    <message>
        <source>Watch window:</source>
        <translation>Beobachtungsfenster:</translation>
    </message>
    <message>
        <source>Watch window</source>
        <translation>Beobachtungsfenster</translation>
    </message>
    <message>
        <source>Nodes:</source>
        <translation>Knoten:</translation>
    </message>
    <message>
        <source>Nodes by rollout state</source>
        <translation>Knoten nach Rollout-Zustand</translation>
    </message>
    <message>
        <source>Start rollout</source>
        <translation>Rollout starten</translation>
    </message>
    <message>
        <source>Pause rollout</source>
        <translation>Rollout anhalten</translation>
    </message>
    <message>
        <source>Resume rollout</source>
        <translation>Rollout fortsetzen</translation>
    </message>
    <message>
        <source>Promote rollout</source>
        <translation>Rollout freigeben</translation>
    </message>
    <message>
        <source>Roll back rollout</source>
        <translation>Rollout zurückrollen</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>Flotte</translation>
    </message>
    <message>
        <source>Fleet nodes</source>
        <translation>Knoten der Flotte</translation>
    </message>
    <message>
        <source>One tile per node: version, health, canary and rollout state</source>
        <translation>Eine Kachel je Knoten: Version, Zustand, Canary und Rollout-Zustand</translation>
    </message>
    <message>
        <source>Canary verdict</source>
        <translation>Canary-Urteil</translation>
    </message>
    <message>
        <source>Canary score</source>
        <translation>Canary-Punktzahl</translation>
    </message>
    <message>
        <source>Per-metric verdicts</source>
        <translation>Urteile je Metrik</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <source>Canary</source>
        <translation>Canary</translation>
    </message>
    <message>
        <source>Primary</source>
        <translation>Primär</translation>
    </message>
    <message>
        <source>p-value</source>
        <translation>p-Wert</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>Erklärung</translation>
    </message>
    <message>
        <source>Timeline (newest first)</source>
        <translation>Zeitleiste (neueste zuerst)</translation>
    </message>
    <message>
        <source>Rollout timeline</source>
        <translation>Rollout-Zeitleiste</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Was geschah</translation>
    </message>
    <message>
        <source>Cannot read the fleet: %1</source>
        <translation>Die Flotte kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The fleet file %1 cannot be used: %2</source>
        <translation>Die Flottendatei %1 ist nicht verwendbar: %2</translation>
    </message>
    <message>
        <source>The fleet file cannot be used</source>
        <translation>Die Flottendatei ist nicht verwendbar</translation>
    </message>
    <message>
        <source>No fleet file yet</source>
        <translation>Noch keine Flottendatei</translation>
    </message>
    <message>
        <source>Put fleet.json in the workspace, one entry per loopkeeper-node: {&quot;nodes&quot;: [{&quot;name&quot;: &quot;edge-1&quot;, &quot;url&quot;: &quot;http://127.0.0.1:8101&quot;, &quot;tier&quot;: &quot;tier_1&quot;}]} (optional: &quot;role&quot;: &quot;teacher&quot;, &quot;token&quot; or &quot;token_env&quot;).</source>
        <translation>Legen Sie fleet.json in den Arbeitsbereich, ein Eintrag je loopkeeper-node: {&quot;nodes&quot;: [{&quot;name&quot;: &quot;edge-1&quot;, &quot;url&quot;: &quot;http://127.0.0.1:8101&quot;, &quot;tier&quot;: &quot;tier_1&quot;}]} (optional: &quot;role&quot;: &quot;teacher&quot;, &quot;token&quot; oder &quot;token_env&quot;).</translation>
    </message>
    <message>
        <source>Fleet file: %1</source>
        <translation>Flottendatei: %1</translation>
    </message>
    <message>
        <source>No rollout yet</source>
        <translation>Noch kein Rollout</translation>
    </message>
    <message>
        <source>Start Rollout deploys a model version to a canary share of the edge nodes first (10 % by default), watches it, judges it against the rest, then promotes it or rolls it back.</source>
        <translation>Rollout starten verteilt eine Modellversion zuerst an einen Canary-Anteil der Edge-Knoten (standardmäßig 10 %), beobachtet sie, bewertet sie gegenüber dem Rest und gibt sie dann frei oder rollt sie zurück.</translation>
    </message>
    <message>
        <source>Last rollout</source>
        <translation>Letzter Rollout</translation>
    </message>
    <message>
        <source>%1 (the nodes reported no previous version)</source>
        <translation>%1 (die Knoten meldeten keine vorherige Version)</translation>
    </message>
    <message>
        <source>%1 replacing %2</source>
        <translation>%1 ersetzt %2</translation>
    </message>
    <message>
        <source>Rollout status: %1</source>
        <translation>Rollout-Status: %1</translation>
    </message>
    <message>
        <source>%1 · started by %2 at %3 · ended %4</source>
        <translation>%1 · gestartet von %2 um %3 · beendet %4</translation>
    </message>
    <message>
        <source>%1 · started by %2 at %3</source>
        <translation>%1 · gestartet von %2 um %3</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <translation>Schritt %1 von %2: %3</translation>
    </message>
    <message>
        <source>%1 deployed · %2 waiting · %3 failed · %4 rolled back · step target %5 of %6</source>
        <translation>%1 verteilt · %2 wartend · %3 fehlgeschlagen · %4 zurückgerollt · Schrittziel %5 von %6</translation>
    </message>
    <message>
        <source>Why: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <source>&amp;Nodes: %1 · %2 up · %3 down · %4 not checked yet · last health poll %5</source>
        <translation>&amp;Knoten: %1 · %2 erreichbar · %3 ausgefallen · %4 noch nicht geprüft · letzte Zustandsabfrage %5</translation>
    </message>
    <message>
        <source> (candidate)</source>
        <translation> (Kandidat)</translation>
    </message>
    <message>
        <source> (previous)</source>
        <translation> (vorherige)</translation>
    </message>
    <message>
        <source>&lt;b&gt;✖ DOWN&lt;/b&gt; grey, hatched: %1</source>
        <translation>&lt;b&gt;✖ AUSGEFALLEN&lt;/b&gt; grau, schraffiert: %1</translation>
    </message>
    <message>
        <source>? dashed outline: not checked yet: %1</source>
        <translation>? gestrichelter Rand: noch nicht geprüft: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;CANARY&lt;/b&gt;: gets the candidate first</source>
        <translation>&lt;b&gt;CANARY&lt;/b&gt;: erhält den Kandidaten zuerst</translation>
    </message>
    <message>
        <source>%1 (critical)</source>
        <translation>%1 (kritisch)</translation>
    </message>
    <message>
        <source>Ver&amp;dicts appear when a rollout&apos;s canary has been watched for its window.</source>
        <translation>&amp;Urteile erscheinen, wenn das Canary eines Rollouts über sein Fenster beobachtet wurde.</translation>
    </message>
    <message>
        <source> The judge rules when the watch window ends, at %1.</source>
        <translation> Die Bewertung urteilt, wenn das Beobachtungsfenster endet, um %1.</translation>
    </message>
    <message>
        <source>Ver&amp;dicts: none; an operator promoted past the judge.</source>
        <translation>&amp;Urteile: keine; ein Operator hat ohne Bewertung freigegeben.</translation>
    </message>
    <message>
        <source>Ver&amp;dicts: the judge has not ruled on this rollout yet.</source>
        <translation>&amp;Urteile: die Bewertung hat über diesen Rollout noch nicht geurteilt.</translation>
    </message>
    <message>
        <source>Ver&amp;dicts of step %1, judged %2 at %3. Canary: nodes %4, predictions %5; primary: nodes %6, predictions %7. Promoted from a score of %8, left to a human from %9, rolled back below.</source>
        <translation>&amp;Urteile zu Schritt %1, bewertet: %2 um %3. Canary: Knoten %4, Vorhersagen %5; primär: Knoten %6, Vorhersagen %7. Freigabe ab Punktzahl %8, Entscheidung durch Menschen ab %9, darunter Zurückrollen.</translation>
    </message>
    <message>
        <source>Not reachable when judged: %1.</source>
        <translation>Bei der Bewertung nicht erreichbar: %1.</translation>
    </message>
    <message>
        <source>no window: the rollout ended</source>
        <translation>kein Fenster: der Rollout ist beendet</translation>
    </message>
    <message>
        <source>no window while rolling back</source>
        <translation>kein Fenster während des Zurückrollens</translation>
    </message>
    <message>
        <source>starts once step %1 is deployed</source>
        <translation>beginnt, sobald Schritt %1 verteilt ist</translation>
    </message>
    <message>
        <source>paused: %1 of %2 were left, until %3</source>
        <translation>angehalten: %1 von %2 blieben, bis %3</translation>
    </message>
    <message>
        <source>%1 left of %2 · judged at %3</source>
        <translation>noch %1 von %2 · Bewertung um %3</translation>
    </message>
    <message>
        <source>window over: the judge rules at the next tick</source>
        <translation>Fenster vorbei: die Bewertung urteilt beim nächsten Takt</translation>
    </message>
    <message>
        <source> · extended %1 of %2 times for lack of traffic</source>
        <translation> · %1 von %2 Mal verlängert mangels Verkehr</translation>
    </message>
    <message>
        <source>Open a workspace first</source>
        <translation>Öffnen Sie zuerst einen Arbeitsbereich</translation>
    </message>
    <message>
        <source>Rollout %1 is still %2; one rollout runs at a time</source>
        <translation>Rollout %1 ist noch %2; es läuft jeweils ein Rollout</translation>
    </message>
    <message>
        <source>Put fleet.json in the workspace first</source>
        <translation>Legen Sie zuerst fleet.json in den Arbeitsbereich</translation>
    </message>
    <message>
        <source>rollout.json cannot be used, so the default plan is offered: %1</source>
        <translation>rollout.json ist nicht verwendbar, daher wird der Standardplan angeboten: %1</translation>
    </message>
    <message>
        <source>Paused by %1 from the console.</source>
        <translation>Von %1 in der Konsole angehalten.</translation>
    </message>
    <message>
        <source>Promote Rollout</source>
        <translation>Rollout freigeben</translation>
    </message>
    <message>
        <source>Promote %1 to step %2 (%3 %) now?</source>
        <translation>%1 jetzt für Schritt %2 (%3 %) freigeben?</translation>
    </message>
    <message>
        <source>The judge&apos;s verdict is not waited for: %1 more nodes get %2 at once.</source>
        <translation>Auf das Urteil der Bewertung wird nicht gewartet: %1 weitere Knoten erhalten %2 sofort.</translation>
    </message>
    <message>
        <source>&amp;Promote</source>
        <translation>&amp;Freigeben</translation>
    </message>
    <message>
        <source>Promote</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>the model each node had before</source>
        <translation>das Modell, das jeder Knoten vorher hatte</translation>
    </message>
    <message>
        <source>Roll back the rollout of %1? No node serves it yet; the rollout stops and the fleet stays on %2.</source>
        <translation>Den Rollout von %1 zurückrollen? Noch kein Knoten stellt es bereit; der Rollout endet und die Flotte bleibt bei %2.</translation>
    </message>
    <message>
        <source>Roll back 1 node from %1 to %2?</source>
        <translation>1 Knoten von %1 auf %2 zurückrollen?</translation>
    </message>
    <message>
        <source>Roll back %1 nodes from %2 to %3?</source>
        <translation>%1 Knoten von %2 auf %3 zurückrollen?</translation>
    </message>
    <message>
        <source>Roll Back</source>
        <translation>Zurückrollen</translation>
    </message>
    <message>
        <source>Each node that has %1 gets its previous model back; nodes that are down are retried until they answer. The rollout ends as rolled back and is not resumed.</source>
        <translation>Jeder Knoten mit %1 erhält sein vorheriges Modell zurück; ausgefallene Knoten werden erneut versucht, bis sie antworten. Der Rollout endet als zurückgerollt und wird nicht fortgesetzt.</translation>
    </message>
    <message>
        <source>&amp;Roll Back</source>
        <translation>&amp;Zurückrollen</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>Zurückrollen</translation>
    </message>
    <message>
        <source>Rolled back by %1 from the console.</source>
        <translation>Von %1 in der Konsole zurückgerollt.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet …</translation>
    </message>
    <message>
        <source>Rollout started; the fleet runner deploys the canary now.</source>
        <translation>Rollout gestartet; der Flottenläufer verteilt jetzt das Canary.</translation>
    </message>
    <message>
        <source>The rollout was not started.</source>
        <translation>Der Rollout wurde nicht gestartet.</translation>
    </message>
    <message>
        <source>Rolling back: the fleet runner restores the previous model node by node.</source>
        <translation>Zurückrollen: der Flottenläufer stellt das vorherige Modell Knoten für Knoten wieder her.</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>Angehalten.</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>Fortgesetzt.</translation>
    </message>
    <message>
        <source>Promoted: the next step is being deployed.</source>
        <translation>Freigegeben: der nächste Schritt wird verteilt.</translation>
    </message>
    <message>
        <source>rolling back</source>
        <translation>wird zurückgerollt</translation>
    </message>
    <message>
        <source>paused %1/%2</source>
        <translation>pausiert %1/%2</translation>
    </message>
    <message>
        <source>canary %1/%2</source>
        <translation>Canary %1/%2</translation>
    </message>
    <message>
        <source>rolling out %1/%2</source>
        <translation>Rollout %1/%2</translation>
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
        <source>Samples &amp; Models</source>
        <translation>Stichproben &amp; Modelle</translation>
    </message>
    <message>
        <source>This workspace&apos;s inbox folder: %1</source>
        <translation>Eingangsordner dieses Arbeitsbereichs: %1</translation>
    </message>
    <message>
        <source>%1 columns</source>
        <translation>Spalten: %1</translation>
    </message>
    <message>
        <source>Samples arrive through POST /api/samples, JSONL files dropped in the workspace&apos;s inbox/ folder, or loopkeeper-cli samples ingest. Train Now starts a first model from the base data set.</source>
        <translation>Stichproben kommen über POST /api/samples, als JSONL-Dateien im Ordner inbox/ des Arbeitsbereichs oder über loopkeeper-cli samples ingest. „Jetzt trainieren“ trainiert ein erstes Modell aus dem Basisdatensatz.</translation>
    </message>
    <message>
        <source>Train &amp;Now…</source>
        <translation>Jetzt trai&amp;nieren …</translation>
    </message>
    <message>
        <source>Start a training job now, after a confirmation</source>
        <translation>Jetzt einen Trainingsauftrag starten, nach einer Rückfrage</translation>
    </message>
    <message>
        <source>Training trigger</source>
        <translation>Trainingsauslöser</translation>
    </message>
    <message>
        <source>Progress to the sample threshold</source>
        <translation>Fortschritt bis zur Stichprobenschwelle</translation>
    </message>
    <message>
        <source>Train now</source>
        <translation>Jetzt trainieren</translation>
    </message>
    <message>
        <source>Current job</source>
        <translation>Aktueller Auftrag</translation>
    </message>
    <message>
        <source>Training job progress</source>
        <translation>Fortschritt des Trainingsauftrags</translation>
    </message>
    <message>
        <source>&amp;Cancel Job</source>
        <translation>Auftrag a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>Auftrag abbrechen</translation>
    </message>
    <message>
        <source>Samples by status</source>
        <translation>Stichproben nach Status</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Stichproben</translation>
    </message>
    <message>
        <source>Samples by node</source>
        <translation>Stichproben nach Knoten</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Samples by corrected class</source>
        <translation>Stichproben nach korrigierter Klasse</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Samples by day</source>
        <translation>Stichproben nach Tag</translation>
    </message>
    <message>
        <source>Day (UTC)</source>
        <translation>Tag (UTC)</translation>
    </message>
    <message>
        <source>By stat&amp;us</source>
        <translation>Nach Stat&amp;us</translation>
    </message>
    <message>
        <source>By n&amp;ode</source>
        <translation>Nach &amp;Knoten</translation>
    </message>
    <message>
        <source>By cl&amp;ass (corrected label)</source>
        <translation>Nach K&amp;lasse (korrigiertes Label)</translation>
    </message>
    <message>
        <source>By &amp;day</source>
        <translation>Nach Ta&amp;g</translation>
    </message>
    <message>
        <source>Filtered-out corrections</source>
        <translation>Aussortierte Korrekturen</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>Stichprobe</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>Vorhergesagt</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>Korrigiert</translation>
    </message>
    <message>
        <source>Correction confidence</source>
        <translation>Konfidenz der Korrektur</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Training jobs</source>
        <translation>Trainingsaufträge</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>Fine-tuned from</source>
        <translation>Feinabgestimmt ausgehend von</translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation>Kandidat</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Hinweise</translation>
    </message>
    <message>
        <source>Model registry</source>
        <translation>Modellregister</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>Elternmodell</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>Testgenauigkeit</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Model lineage</source>
        <translation>Abstammung der Modelle</translation>
    </message>
    <message>
        <source>Gate decision</source>
        <translation>Gate-Entscheidung</translation>
    </message>
    <message>
        <source>Re&amp;gistry</source>
        <translation>Re&amp;gister</translation>
    </message>
    <message>
        <source>&amp;Lineage (parent → children)</source>
        <translation>Abstamm&amp;ung (Eltern → Kinder)</translation>
    </message>
    <message>
        <source>Selected version: metrics and gate decisions</source>
        <translation>Ausgewählte Version: Metriken und Gate-Entscheidungen</translation>
    </message>
    <message>
        <source>Check &amp;Artifact</source>
        <translation>Artefakt &amp;prüfen</translation>
    </message>
    <message>
        <source>Check artifact</source>
        <translation>Artefakt prüfen</translation>
    </message>
    <message>
        <source>Hash the model file and compare it with the sha256 in the registry</source>
        <translation>Die Modelldatei hashen und mit der sha256 im Register vergleichen</translation>
    </message>
    <message>
        <source>&amp;Promote…</source>
        <translation>&amp;Freigeben …</translation>
    </message>
    <message>
        <source>Promote candidate</source>
        <translation>Kandidat freigeben</translation>
    </message>
    <message>
        <source>&amp;Reject…</source>
        <translation>Ab&amp;lehnen …</translation>
    </message>
    <message>
        <source>Reject candidate</source>
        <translation>Kandidat ablehnen</translation>
    </message>
    <message>
        <source>D&amp;etails</source>
        <translation>D&amp;etails</translation>
    </message>
    <message>
        <source>Samples, jobs and models</source>
        <translation>Stichproben, Aufträge und Modelle</translation>
    </message>
    <message>
        <source>&amp;Samples</source>
        <translation>&amp;Stichproben</translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation>Auf&amp;träge</translation>
    </message>
    <message>
        <source>&amp;Models</source>
        <translation>&amp;Modelle</translation>
    </message>
    <message>
        <source>Cannot read the learning loop: %1</source>
        <translation>Die Lernschleife kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 samples: %2 trainable now, %3 waiting for their input from a node, %4 filtered out.</source>
        <translation>%1 Stichproben: %2 jetzt trainierbar, %3 warten auf ihre Eingabe von einem Knoten, %4 aussortiert.</translation>
    </message>
    <message>
        <source>F&amp;iltered-out corrections: none. Corrections less sure than %1 are kept here for audit, never trained on.</source>
        <translation>Auss&amp;ortierte Korrekturen: keine. Korrekturen mit einer Konfidenz unter %1 werden hier zur Prüfung aufbewahrt und nie zum Training verwendet.</translation>
    </message>
    <message>
        <source>F&amp;iltered-out corrections: %1 (newest %2 shown), kept for audit and never trained on; the threshold is a correction confidence of %3.</source>
        <translation>Auss&amp;ortierte Korrekturen: %1 (die neuesten %2 angezeigt), zur Prüfung aufbewahrt und nie zum Training verwendet; die Schwelle ist eine Konfidenz der Korrektur von %3.</translation>
    </message>
    <message>
        <source>No workspace is open.</source>
        <translation>Es ist kein Arbeitsbereich geöffnet.</translation>
    </message>
    <message>
        <source>The loop&apos;s settings (loop.json) cannot be used: %1</source>
        <translation>Die Einstellungen der Schleife (loop.json) sind nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>Training trigger: %1</source>
        <translation>Trainingsauslöser: %1</translation>
    </message>
    <message>
        <source>%1 of %2 usable samples</source>
        <translation>%1 von %2 verwendbaren Stichproben</translation>
    </message>
    <message>
        <source>The sample threshold fires at more than %1 usable new samples: pending, with their input, and a correction confident enough.</source>
        <translation>Die Stichprobenschwelle löst bei mehr als %1 verwendbaren neuen Stichproben aus: ausstehend, mit ihrer Eingabe und einer ausreichend sicheren Korrektur.</translation>
    </message>
    <message>
        <source>Due now: %1. The next tick starts a job (loopkeeper-cli serve --loop-interval, or loop tick); Train Now starts one here.</source>
        <translation>Jetzt fällig: %1. Die nächste Auswertung startet einen Auftrag (loopkeeper-cli serve --loop-interval oder loop tick); „Jetzt trainieren“ startet ihn hier.</translation>
    </message>
    <message>
        <source>Waiting: a job of %1 is queued or running, and one runs at a time.</source>
        <translation>Wartet: Ein Auftrag für %1 wartet oder läuft, und es läuft jeweils nur einer.</translation>
    </message>
    <message>
        <source>Held back by the cool-down: %1 would fire.</source>
        <translation>Durch die Ruhezeit zurückgehalten: %1 würde auslösen.</translation>
    </message>
    <message>
        <source>Held back: %1 would fire, but there are too few usable new samples to train on.</source>
        <translation>Zurückgehalten: %1 würde auslösen, aber es gibt zu wenige verwendbare neue Stichproben zum Trainieren.</translation>
    </message>
    <message>
        <source>No trigger holds: %1 usable new samples; the threshold fires above %2.</source>
        <translation>Kein Auslöser greift: %1 verwendbare neue Stichproben; die Schwelle löst über %2 aus.</translation>
    </message>
    <message>
        <source>No trigger holds: %1 usable new samples; the sample threshold is off.</source>
        <translation>Kein Auslöser greift: %1 verwendbare neue Stichproben; die Stichprobenschwelle ist aus.</translation>
    </message>
    <message>
        <source>Next scheduled: %1</source>
        <translation>Nächster geplanter Termin: %1</translation>
    </message>
    <message>
        <source>Schedule: off (triggers.schedule in loop.json)</source>
        <translation>Zeitplan: aus (triggers.schedule in loop.json)</translation>
    </message>
    <message>
        <source>Cool-down: until %1 (%2 after the last job)%3</source>
        <translation>Ruhezeit: bis %1 (%2 nach dem letzten Auftrag)%3</translation>
    </message>
    <message>
        <source>; a manual trigger is not held back</source>
        <translation>; ein manueller Auslöser wird nicht zurückgehalten</translation>
    </message>
    <message>
        <source>Cool-down: over since %1</source>
        <translation>Ruhezeit: vorbei seit %1</translation>
    </message>
    <message>
        <source>Cool-down: none yet (%1 after each job)</source>
        <translation>Ruhezeit: noch keine (%1 nach jedem Auftrag)</translation>
    </message>
    <message>
        <source>This console is already running a job.</source>
        <translation>Diese Konsole führt bereits einen Auftrag aus.</translation>
    </message>
    <message>
        <source>A job of %1 is already queued or running.</source>
        <translation>Ein Auftrag für %1 wartet bereits oder läuft.</translation>
    </message>
    <message>
        <source>The cool-down holds back manual triggers too (triggers.manual_bypasses_cooldown is false).</source>
        <translation>Die Ruhezeit hält auch manuelle Auslöser zurück (triggers.manual_bypasses_cooldown ist false).</translation>
    </message>
    <message>
        <source>Start a training job now with the %1 usable samples, after a confirmation.</source>
        <translation>Jetzt einen Trainingsauftrag mit den %1 verwendbaren Stichproben starten, nach einer Rückfrage.</translation>
    </message>
    <message>
        <source>Jo&amp;bs: none yet. Train Now or loopkeeper-cli loop tick creates one when a trigger fires.</source>
        <translation>Aufträge: noch &amp;keine. „Jetzt trainieren“ oder loopkeeper-cli loop tick legt einen an, wenn ein Auslöser greift.</translation>
    </message>
    <message>
        <source>Jo&amp;bs, newest first. A job is an ordinary training run: its curves are in the Training panel.</source>
        <translation>Aufträge, neueste &amp;zuerst. Ein Auftrag ist ein gewöhnlicher Trainingslauf: Seine Kurven stehen im Bereich Training.</translation>
    </message>
    <message>
        <source>Running, but its process (%1) has ended</source>
        <translation>Läuft, aber sein Prozess (%1) ist beendet</translation>
    </message>
    <message>
        <source>Running: epoch %1 of %2</source>
        <translation>Läuft: Epoche %1 von %2</translation>
    </message>
    <message>
        <source>Running: %1 of %2 epochs done</source>
        <translation>Läuft: %1 von %2 Epochen fertig</translation>
    </message>
    <message>
        <source>No completion estimate yet (no training speed measured)</source>
        <translation>Noch keine Schätzung des Endes (keine Trainingsgeschwindigkeit gemessen)</translation>
    </message>
    <message>
        <source>Estimated completion %1</source>
        <translation>Voraussichtliches Ende %1</translation>
    </message>
    <message>
        <source>Run %1</source>
        <translation>Lauf %1</translation>
    </message>
    <message>
        <source>from scratch</source>
        <translation>von Grund auf</translation>
    </message>
    <message>
        <source>Stop the job at its next step; its samples go back to pending</source>
        <translation>Den Auftrag beim nächsten Schritt anhalten; seine Stichproben werden wieder ausstehend</translation>
    </message>
    <message>
        <source>Cancelling job %1 at its next step…</source>
        <translation>Auftrag %1 wird beim nächsten Schritt abgebrochen …</translation>
    </message>
    <message>
        <source>Evaluating the triggers…</source>
        <translation>Die Auslöser werden ausgewertet …</translation>
    </message>
    <message>
        <source>Job %1: training done; the regression gate is replaying the evaluation set through the models…</source>
        <translation>Auftrag %1: Training fertig; das Regressions-Gate spielt die Evaluierungsmenge durch die Modelle …</translation>
    </message>
    <message>
        <source>Job %1: epoch %2 of %3</source>
        <translation>Auftrag %1: Epoche %2 von %3</translation>
    </message>
    <message>
        <source>; validation accuracy after epoch %1: %2</source>
        <translation>; Validierungsgenauigkeit nach Epoche %1: %2</translation>
    </message>
    <message>
        <source>Job %1: loading the training data…</source>
        <translation>Auftrag %1: Trainingsdaten werden geladen …</translation>
    </message>
    <message>
        <source>Only the process that runs a job can cancel it (pid %1).</source>
        <translation>Nur der Prozess, der einen Auftrag ausführt, kann ihn abbrechen (PID %1).</translation>
    </message>
    <message>
        <source>Job %1 was running in process %2, which has ended. The next trigger marks it failed and gives its samples back.</source>
        <translation>Auftrag %1 lief in Prozess %2, der beendet ist. Die nächste Auswertung markiert ihn als fehlgeschlagen und gibt seine Stichproben zurück.</translation>
    </message>
    <message>
        <source>Job %1 (%2, %3 samples) is queued; loopkeeper-cli jobs run %1 runs it.</source>
        <translation>Auftrag %1 (%2, %3 Stichproben) wartet; loopkeeper-cli jobs run %1 führt ihn aus.</translation>
    </message>
    <message>
        <source>Job %1 (%2, %3 samples) runs in another process: %4 of %5 epochs done.</source>
        <translation>Auftrag %1 (%2, %3 Stichproben) läuft in einem anderen Prozess: %4 von %5 Epochen fertig.</translation>
    </message>
    <message>
        <source>Job %1 (%2, %3 samples) runs in another process.</source>
        <translation>Auftrag %1 (%2, %3 Stichproben) läuft in einem anderen Prozess.</translation>
    </message>
    <message>
        <source>No job is queued or running.</source>
        <translation>Kein Auftrag wartet oder läuft.</translation>
    </message>
    <message>
        <source>— (from scratch)</source>
        <translation>— (von Grund auf)</translation>
    </message>
    <message>
        <source>No model version is registered yet. A training job registers its candidate here when it ends.</source>
        <translation>Noch ist keine Modellversion registriert. Ein Trainingsauftrag registriert seinen Kandidaten hier, wenn er endet.</translation>
    </message>
    <message>
        <source>Select a version in the registry or the lineage tree.</source>
        <translation>Wählen Sie eine Version im Register oder im Abstammungsbaum.</translation>
    </message>
    <message>
        <source>Only a candidate the regression gate left to a human can be promoted or rejected here.</source>
        <translation>Nur ein Kandidat, den das Regressions-Gate einem Menschen überlassen hat, kann hier freigegeben oder abgelehnt werden.</translation>
    </message>
    <message>
        <source>Checking the artifact…</source>
        <translation>Das Artefakt wird geprüft …</translation>
    </message>
    <message>
        <source>✓ The artifact matches its registered sha256 (%1…).</source>
        <translation>✓ Das Artefakt stimmt mit seiner registrierten sha256 überein (%1…).</translation>
    </message>
    <message>
        <source>✗ Artifact mismatch: %1</source>
        <translation>✗ Artefakt weicht ab: %1</translation>
    </message>
    <message>
        <source>Promote Candidate</source>
        <translation>Kandidat freigeben</translation>
    </message>
    <message>
        <source>Reject Candidate</source>
        <translation>Kandidat ablehnen</translation>
    </message>
    <message>
        <source>Promote %1?</source>
        <translation>%1 freigeben?</translation>
    </message>
    <message>
        <source>Reject %1?</source>
        <translation>%1 ablehnen?</translation>
    </message>
    <message>
        <source>It becomes the active version of %1 and its samples are marked used. The artifact&apos;s sha256 is checked first.</source>
        <translation>Er wird die aktive Version von %1, und seine Stichproben werden als verwendet markiert. Zuerst wird die sha256 des Artefakts geprüft.</translation>
    </message>
    <message>
        <source>It is archived and its samples go back to pending for a later job.</source>
        <translation>Er wird archiviert, und seine Stichproben werden für einen späteren Auftrag wieder ausstehend.</translation>
    </message>
    <message>
        <source>The regression gate left this to a human: %1</source>
        <translation>Das Regressions-Gate hat dies einem Menschen überlassen: %1</translation>
    </message>
    <message>
        <source>&amp;Promote</source>
        <translation>&amp;Freigeben</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>Ab&amp;lehnen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>%1 was promoted by hand: it is the active version now.</source>
        <translation>%1 wurde von Hand freigegeben: Es ist jetzt die aktive Version.</translation>
    </message>
    <message>
        <source>%1 was rejected by hand and archived.</source>
        <translation>%1 wurde von Hand abgelehnt und archiviert.</translation>
    </message>
    <message>
        <source>Cannot Promote</source>
        <translation>Freigabe nicht möglich</translation>
    </message>
    <message>
        <source>Cannot Reject</source>
        <translation>Ablehnung nicht möglich</translation>
    </message>
    <message>
        <source>%1 could not be promoted.</source>
        <translation>%1 konnte nicht freigegeben werden.</translation>
    </message>
    <message>
        <source>%1 could not be rejected.</source>
        <translation>%1 konnte nicht abgelehnt werden.</translation>
    </message>
    <message>
        <source>Start Training</source>
        <translation>Training starten</translation>
    </message>
    <message>
        <source>Start a training job now with 1 sample?</source>
        <translation>Jetzt einen Trainingsauftrag mit 1 Stichprobe starten?</translation>
    </message>
    <message>
        <source>Start a training job now with %1 samples?</source>
        <translation>Jetzt einen Trainingsauftrag mit %1 Stichproben starten?</translation>
    </message>
    <message>
        <source>%1 has no active version yet: the job trains %2 from scratch (%3, %4 epochs) on the base data set plus these samples. The regression gate then decides on it.</source>
        <translation>%1 hat noch keine aktive Version: Der Auftrag trainiert %2 von Grund auf (%3, %4 Epochen) mit dem Basisdatensatz und diesen Stichproben. Danach entscheidet das Regressions-Gate darüber.</translation>
    </message>
    <message>
        <source>The job fine-tunes %1 for %2 epochs on this computer; the regression gate then decides whether the candidate %3 replaces it.</source>
        <translation>Der Auftrag stimmt %1 auf diesem Rechner %2 Epochen lang fein ab; danach entscheidet das Regressions-Gate, ob der Kandidat %3 es ersetzt.</translation>
    </message>
    <message>
        <source>The cool-down until %1 does not hold back a manual trigger.</source>
        <translation>Die Ruhezeit bis %1 hält einen manuellen Auslöser nicht zurück.</translation>
    </message>
    <message>
        <source>Training runs in the background; its curves appear in the Training panel and it can be cancelled here.</source>
        <translation>Das Training läuft im Hintergrund; seine Kurven erscheinen im Bereich Training, und es kann hier abgebrochen werden.</translation>
    </message>
    <message>
        <source>&amp;Start Training</source>
        <translation>Training &amp;starten</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>Training starten</translation>
    </message>
    <message>
        <source>No job was started (%1): %2</source>
        <translation>Es wurde kein Auftrag gestartet (%1): %2</translation>
    </message>
    <message>
        <source>Job %1 complete: candidate %2 at %3 test accuracy; gate: %4.</source>
        <translation>Auftrag %1 abgeschlossen: Kandidat %2 mit %3 Testgenauigkeit; Gate: %4.</translation>
    </message>
    <message>
        <source>Job %1 was cancelled; its samples are pending again.</source>
        <translation>Auftrag %1 wurde abgebrochen; seine Stichproben sind wieder ausstehend.</translation>
    </message>
    <message>
        <source>Job %1 failed: %2</source>
        <translation>Auftrag %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Training could not start: %1</source>
        <translation>Das Training konnte nicht starten: %1</translation>
    </message>
    <message>
        <source>training %1/%2</source>
        <translation>Training %1/%2</translation>
    </message>
    <message numerus="yes">
        <source>%n training</source>
        <translation>
            <numerusform>%n trainiert</numerusform>
            <numerusform>%n trainieren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n to decide</source>
        <translation>
            <numerusform>%n zu entscheiden</numerusform>
            <numerusform>%n zu entscheiden</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lk::ui::ScoreBar</name>
    <message>
        <source>roll back below %1, wait for a human below %2, next step from %2</source>
        <translation>unter %1 zurückrollen, unter %2 auf einen Menschen warten, ab %2 nächster Schritt</translation>
    </message>
    <message>
        <source>Score %1 of 100; %2</source>
        <translation>Punktzahl %1 von 100; %2</translation>
    </message>
    <message>
        <source>Not judged yet; %1</source>
        <translation>Noch nicht bewertet; %1</translation>
    </message>
    <message>
        <source>roll back</source>
        <translation>zurückrollen</translation>
    </message>
    <message>
        <source>human</source>
        <translation>Mensch</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>Score %1</source>
        <translation>Punktzahl %1</translation>
    </message>
    <message>
        <source>Not judged yet</source>
        <translation>Noch nicht bewertet</translation>
    </message>
</context>
<context>
    <name>lk::ui::StartRolloutDialog</name>
    <message>
        <source>Start Rollout</source>
        <translation>Rollout starten</translation>
    </message>
    <message>
        <source>Start a rollout</source>
        <translation>Einen Rollout starten</translation>
    </message>
    <message>
        <source>&amp;Registered version:</source>
        <translation>&amp;Registrierte Version:</translation>
    </message>
    <message>
        <source>Roll out a registered version</source>
        <translation>Eine registrierte Version verteilen</translation>
    </message>
    <message>
        <source>Registered version</source>
        <translation>Registrierte Version</translation>
    </message>
    <message>
        <source>%1 (%2, %3)</source>
        <translation>%1 (%2, %3)</translation>
    </message>
    <message>
        <source>%1
sha256 %2</source>
        <translation>%1
sha256 %2</translation>
    </message>
    <message>
        <source>Artifact &amp;file:</source>
        <translation>Arte&amp;faktdatei:</translation>
    </message>
    <message>
        <source>Roll out an artifact file</source>
        <translation>Eine Artefaktdatei verteilen</translation>
    </message>
    <message>
        <source>Artifact file</source>
        <translation>Artefaktdatei</translation>
    </message>
    <message>
        <source>TorchScript file (.pt)</source>
        <translation>TorchScript-Datei (.pt)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Auswählen …</translation>
    </message>
    <message>
        <source>Browse for the artifact file</source>
        <translation>Die Artefaktdatei auswählen</translation>
    </message>
    <message>
        <source>Version name</source>
        <translation>Versionsname</translation>
    </message>
    <message>
        <source>what the nodes will report, e.g. fashion-mnist@4</source>
        <translation>was die Knoten melden werden, z. B. fashion-mnist@4</translation>
    </message>
    <message>
        <source>Expected SHA-256</source>
        <translation>Erwartete SHA-256</translation>
    </message>
    <message>
        <source>optional: refuse the file unless it has this sha256</source>
        <translation>optional: die Datei ablehnen, wenn sie nicht diese sha256 hat</translation>
    </message>
    <message>
        <source>Steps in percent of the edge nodes</source>
        <translation>Schritte in Prozent der Edge-Knoten</translation>
    </message>
    <message>
        <source>Cumulative shares of the edge nodes, rising and ending at 100; the first step is the canary. 10, 100 is a 10 % canary, then everyone.</source>
        <translation>Kumulierte Anteile der Edge-Knoten, steigend und bei 100 endend; der erste Schritt ist das Canary. 10, 100 ist ein 10-%-Canary, danach alle.</translation>
    </message>
    <message>
        <source>Watch window</source>
        <translation>Beobachtungsfenster</translation>
    </message>
    <message>
        <source>Unit of the watch window</source>
        <translation>Einheit des Beobachtungsfensters</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>Stunden</translation>
    </message>
    <message>
        <source>Node failures tolerated</source>
        <translation>Tolerierte Knotenausfälle</translation>
    </message>
    <message>
        <source>More nodes failing to take the model than this aborts the rollout and rolls back.</source>
        <translation>Scheitern mehr Knoten als diese an der Übernahme des Modells, wird der Rollout abgebrochen und zurückgerollt.</translation>
    </message>
    <message>
        <source>Asking every node what it serves…</source>
        <translation>Jeder Knoten wird gefragt, was er bereitstellt …</translation>
    </message>
    <message>
        <source>&amp;Start Rollout</source>
        <translation>Rollout &amp;starten</translation>
    </message>
    <message>
        <source>Start rollout</source>
        <translation>Rollout starten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Version &amp;name:</source>
        <translation>Versions&amp;name:</translation>
    </message>
    <message>
        <source>SHA-&amp;256:</source>
        <translation>SHA-&amp;256:</translation>
    </message>
    <message>
        <source>S&amp;teps (%):</source>
        <translation>S&amp;chritte (%):</translation>
    </message>
    <message>
        <source>&amp;Watch window:</source>
        <translation>&amp;Beobachtungsfenster:</translation>
    </message>
    <message>
        <source>No registered version has an artifact yet.</source>
        <translation>Noch keine registrierte Version hat ein Artefakt.</translation>
    </message>
    <message>
        <source>Steps are percentages separated by commas, e.g. 10, 50, 100; &quot;%1&quot; is not one.</source>
        <translation>Schritte sind durch Kommas getrennte Prozentwerte, z. B. 10, 50, 100; „%1“ ist keiner.</translation>
    </message>
    <message>
        <source>Choose a registered version.</source>
        <translation>Wählen Sie eine registrierte Version.</translation>
    </message>
    <message>
        <source>Choose the artifact file to roll out.</source>
        <translation>Wählen Sie die zu verteilende Artefaktdatei.</translation>
    </message>
    <message>
        <source>Give the version name the nodes will report for this file.</source>
        <translation>Geben Sie den Versionsnamen an, den die Knoten für diese Datei melden werden.</translation>
    </message>
    <message>
        <source>The model</source>
        <translation>Das Modell</translation>
    </message>
    <message>
        <source>The fleet file lists no edge nodes yet.</source>
        <translation>Die Flottendatei führt noch keine Edge-Knoten auf.</translation>
    </message>
    <message>
        <source>%1 goes to all %2 edge nodes at once, without a canary.</source>
        <translation>%1 geht sofort an alle %2 Edge-Knoten, ohne Canary.</translation>
    </message>
    <message>
        <source>%1 goes to %2 of %3 edge nodes first (the canary), watched for %4 and judged against the others; if the judge passes it, it goes on to %5.</source>
        <translation>%1 geht zuerst an %2 von %3 Edge-Knoten (das Canary), wird %4 lang beobachtet und gegenüber den anderen bewertet; besteht es, geht es weiter auf %5.</translation>
    </message>
    <message>
        <source>Artifact to Roll Out</source>
        <translation>Zu verteilendes Artefakt</translation>
    </message>
    <message>
        <source>TorchScript models (*.pt *.pth);;All files (*)</source>
        <translation>TorchScript-Modelle (*.pt *.pth);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Failures to&amp;lerated:</source>
        <translation>Tolerierte Ausfä&amp;lle:</translation>
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
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n läuft</numerusform>
            <numerusform>%n laufen</numerusform>
        </translation>
    </message>
</context>
</TS>
