# Canary rollouts over the edge fleet: plan, judge, store, engine, node client, commands, and
# the console's monitor of the fleet (rollouts and drift) for its Rollout and Drift panels.
target_sources(loopkeeper_core PRIVATE
    cli/RolloutCommands.cpp
    rollout/CanaryJudge.cpp
    rollout/CanaryJudge.h
    rollout/FleetMonitor.cpp
    rollout/FleetMonitor.h
    rollout/FleetRunner.cpp
    rollout/FleetRunner.h
    rollout/NodeClient.cpp
    rollout/NodeClient.h
    rollout/RolloutEngine.cpp
    rollout/RolloutEngine.h
    rollout/RolloutPlan.cpp
    rollout/RolloutPlan.h
    rollout/RolloutStore.cpp
    rollout/RolloutStore.h
    rollout/SampleInputs.cpp
    rollout/SampleInputs.h
)
