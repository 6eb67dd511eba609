# Fine-tune dataset export (docs/dataset-export.md): promotion guard tables, exporter on real files, and the
# real loopkeeper-cli with Python reading what it wrote.
loopkeeper_add_test(tst_autoretrain LIBS loopkeeper_core LABELS "autoretrain;cli")
add_dependencies(tst_autoretrain loopkeeper-cli)
