# The edge fleet in the console: the Rollout board and the Drift panel (the monitor that reads
# the fleet for them off the UI thread is core/rollout/FleetMonitor), their widgets (node tiles, gauges, drift chart and heat
# map), and the owner of the fleet runner that drives rollouts for the open workspace.
target_sources(loopkeeper_ui PRIVATE
    FleetRunnerOwner.cpp
    FleetRunnerOwner.h
    panels/DriftBuckets.cpp
    panels/DriftBuckets.h
    panels/DriftHeatMap.cpp
    panels/DriftHeatMap.h
    panels/DriftRateChart.cpp
    panels/DriftRateChart.h
    panels/FleetText.cpp
    panels/FleetText.h
    panels/FleetWidgets.cpp
    panels/FleetWidgets.h
    panels/NodeTileView.cpp
    panels/NodeTileView.h
    panels/RolloutGauges.cpp
    panels/RolloutGauges.h
    panels/StartRolloutDialog.cpp
    panels/StartRolloutDialog.h
)
