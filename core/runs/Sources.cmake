target_sources(loopkeeper_core PRIVATE
    runs/RunStore.cpp
    runs/RunStore.h
    runs/TrainingSession.cpp
    runs/TrainingSession.h
)
