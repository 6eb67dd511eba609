target_sources(loopkeeper_ui PRIVATE
    training/RunListModel.cpp
    training/RunListModel.h
    training/TrainingConfigDialog.cpp
    training/TrainingConfigDialog.h
)
