target_sources(loopkeeper_core PRIVATE
    runs/RunHealth.cpp
    runs/RunHealth.h
    runs/RunStore.cpp
    runs/RunStore.h
    runs/TrainingSession.cpp
    runs/TrainingSession.h
)
