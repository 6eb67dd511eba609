target_sources(loopkeeper_core PRIVATE
    runs/RunHealth.cpp
    runs/RunHealth.h
    runs/RunMonitor.cpp
    runs/RunMonitor.h
    runs/RunQueries.cpp
    runs/RunQueries.h
    runs/RunStore.cpp
    runs/RunStore.h
    runs/TrainingSession.cpp
    runs/TrainingJob.cpp
    runs/TrainingJob.h
    runs/TrainingSession.h
)
