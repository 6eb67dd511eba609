# The learning loop: escalated samples, jobs, registry and the loop around them.
target_sources(loopkeeper_core PRIVATE
    cli/LoopCommands.cpp
    loop/EscalatedSample.cpp
    loop/EscalatedSample.h
    loop/EvaluationReplay.cpp
    loop/EvaluationReplay.h
    loop/JobStates.cpp
    loop/JobStates.h
    loop/JobStore.cpp
    loop/JobStore.h
    loop/LearningLoop.cpp
    loop/LearningLoop.h
    loop/LoopConfig.cpp
    loop/LoopConfig.h
    loop/LoopRunner.cpp
    loop/LoopRunner.h
    loop/ModelRegistry.cpp
    loop/ModelRegistry.h
    loop/Notifier.cpp
    loop/Notifier.h
    loop/SampleStore.cpp
    loop/SampleStore.h
)
