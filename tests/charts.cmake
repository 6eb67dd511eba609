# The live curve chart (ui/charts): pure logic against brute force, and the widget offscreen.
loopkeeper_add_test(tst_decimator LIBS loopkeeper_ui LABELS charts)
loopkeeper_add_test(tst_curvechart GUI LIBS loopkeeper_ui LABELS charts)
