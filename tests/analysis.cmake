# Curve health: the analysis (with a check against torch's own ReduceLROnPlateau, run in python3),
# the metric history reader, and `loopkeeper-cli analyze` as a real process.
loopkeeper_add_test(tst_curvehealth LIBS loopkeeper_core LABELS analysis)
loopkeeper_add_test(tst_metrichistory LIBS loopkeeper_core LABELS analysis)
loopkeeper_add_test(tst_analyze_cli LIBS loopkeeper_core LABELS "analysis;cli")
add_dependencies(tst_analyze_cli loopkeeper-cli)
