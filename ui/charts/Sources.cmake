# The live curve chart (CurveChart) and the pure logic under it. Only CurveChart*.cpp,
# CurveChartPrivate.h and CurvePlotView.* use Qt Charts; the rest of the UI uses CurveChart.h.
target_sources(loopkeeper_ui PRIVATE
    charts/CurveChart.cpp
    charts/CurveChartDrawing.cpp
    charts/CurveChartPrivate.h
    charts/CurveChart.h
    charts/CurveData.cpp
    charts/CurveData.h
    charts/CurvePlotView.cpp
    charts/CurvePlotView.h
    charts/DebiasedEma.cpp
    charts/DebiasedEma.h
    charts/Decimator.cpp
    charts/Decimator.h
    charts/MinMaxPyramid.cpp
    charts/MinMaxPyramid.h
)
