# Curve health: the analysis (with a check against torch's own ReduceLROnPlateau, run in python3),
# and the metric history reader.
loopkeeper_add_test(tst_curvehealth LIBS loopkeeper_core LABELS analysis)
loopkeeper_add_test(tst_metrichistory LIBS loopkeeper_core LABELS analysis)
