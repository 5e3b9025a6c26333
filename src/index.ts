/**
 * The models of pywebperf, imported from `pywebperf`: operational laws, queueing models and
 * networks, the Python server model, deployments and the capacity planner, fits and simulators,
 * and {@link sweep} for the data behind a curve. Nothing here loads vega or vega-lite; the charts
 * are in `pywebperf/charts`.
 *
 * @module pywebperf
 * @mergeModuleWith <project>
 */

// Laws
export { littlesLaw, type LittlesLawInput, type LittlesLawResult } from "./laws/littlesLaw.js";
export { utilizationLaw } from "./laws/utilizationLaw.js";
export { forcedFlowLaw } from "./laws/forcedFlowLaw.js";
export { serviceDemandLaw } from "./laws/serviceDemandLaw.js";
export { interactiveResponseTime } from "./laws/interactiveResponseTime.js";
export { openBounds, type OpenBoundsInput, type OpenBoundsResult } from "./laws/openBounds.js";
export {
  closedBounds,
  type ClosedBoundsInput,
  type ClosedBoundsResult,
} from "./laws/closedBounds.js";

// Queueing
export { erlangB } from "./queueing/erlangB.js";
export { erlangC } from "./queueing/erlangC.js";
export type { QueueResult } from "./queueing/types.js";
export type { OpenStationInput } from "./queueing/input.js";
export { mm1, type Mm1Input } from "./queueing/mm1.js";
export { mmc, type MmcInput } from "./queueing/mmc.js";
export { mmInf, type MmInfInput } from "./queueing/mmInf.js";
export { mmck, type MmckInput } from "./queueing/mmck.js";
export * from "./queueing/abandonmentExports.js";
export { finiteSource, type FiniteSourceInput } from "./queueing/finiteSource.js";
export { mg1, type Mg1Input } from "./queueing/mg1.js";
export { ggc, type GgcInput } from "./queueing/ggc.js";

// Networks
export type { StationInput } from "./networks/stations.js";
export {
  openNetwork,
  type OpenNetworkInput,
  type OpenNetworkResult,
  type OpenNetworkStation,
} from "./networks/openNetwork.js";
export {
  closedNetwork,
  type ClosedNetworkInput,
  type ClosedNetworkResult,
} from "./networks/closedNetwork.js";
export type {
  ClosedNetworkStation,
  ClosedNetworkSummary,
} from "./networks/closedNetworkSummary.js";
export {
  multiclassClosedNetwork,
  type ClassInput,
  type MulticlassStationInput,
  type MulticlassClosedNetworkInput,
  type MulticlassClosedNetworkResult,
} from "./networks/multiclassClosedNetwork.js";
export {
  closedNetworkBounds,
  openNetworkBounds,
  type BoundsStation,
  type ClosedNetworkBounds,
  type OpenNetworkBounds,
} from "./networks/bounds.js";

// Scaling
export {
  fitUsl,
  type UslPoint,
  type FitUslOptions,
  type UslFit,
  type ConfidenceInterval,
} from "./scaling/fitUsl.js";

// Python
export {
  DEFAULT_MEMORY_PROFILE,
  type MemoryProfileInput,
  type MemoryProfile,
} from "./python/profile.js";
export {
  memoryBudget,
  type MemoryBudgetInput,
  type MemoryBudget,
  type MachineMemoryInput,
  type ProcessMemory,
} from "./python/memoryBudget.js";
export { maxProcesses } from "./python/maxProcesses.js";
export { DEFAULT_APP_PROFILE, type AppProfile, type AppProfileInput } from "./python/appProfile.js";
export type { ResponseComponent } from "./python/serverSolution.js";

// Deployments
export {
  type Deployment,
  type DeploymentInput,
  type DeploymentOptions,
  type ThreadedDeploymentInput,
  type PreforkDeploymentInput,
  type DaemonDeploymentInput,
  type AsyncDeploymentInput,
  type DeploymentKind,
  type GilMode,
  type MachineInput,
} from "./deploy/deployment.js";
export {
  evaluateDeployment,
  type DeploymentEvaluation,
  type EvaluateDeploymentInput,
  type LoadInput,
} from "./deploy/evaluateDeployment.js";
export type { DispatchSpread, SpreadQuantiles } from "./dispatch/splitSpread.js";
export type { AcceptRace } from "./dispatch/acceptRace.js";
export { LAB_RACE, LAB_RACE_BEHIND_NGINX_KEEPALIVE } from "./dispatch/labRaces.js";
export { dispatchAdvice, type DispatchAdvice } from "./deploy/dispatchAdvice.js";
export {
  sizeDeployment,
  type DeploymentSizing,
  type RejectionReason,
  type RuleOfThumb,
  type SizeDeploymentInput,
  type ServerRun,
  type SizedDeployment,
  type SplitCheck,
  type SizingServerInput,
  type SloInput,
} from "./deploy/sizeDeployment.js";
export type { SizingExplanation, SizingSuggestion } from "./deploy/sizeExplanation.js";
export type { SizingPreference, SizingRanking } from "./deploy/sizeRanking.js";
export {
  evaluateStack,
  type EvaluateStackInput,
  type StackEvaluation,
  type StackInput,
  type StackSpread,
  type TierInput,
  type TierKind,
  type TierEvaluation,
  type HostEvaluation,
  type HostInput,
  type HttpCacheTierInput,
  type LoadBalancerTierInput,
  type WebTierInput,
  type AppTierInput,
  type MemcacheTierInput,
  type DatabaseTierInput,
} from "./deploy/stack.js";
export type {
  ConnectionPoolInput,
  ConnectionPoolEvaluation,
  PgbouncerInput,
} from "./deploy/connectionPool.js";
export type { TierConnections } from "./deploy/tierConnections.js";
export { planCapacity } from "./deploy/planCapacity.js";
export {
  containerDefaults,
  type ContainerDefault,
  type ContainerDefaultsInput,
} from "./deploy/containerDefaults.js";
export type { ContainerMemory, Throttling } from "./deploy/throttlingResult.js";
export { sizePods } from "./deploy/sizePods.js";
export type {
  Autoscaler,
  AutoscalerInput,
  PodAutoscaling,
  PodConfiguration,
  PodCostInput,
  PodNodeInput,
  PodOverheadsInput,
  PodPlan,
  PodRejection,
  PodShape,
  PodShapeInput,
  PodSizing,
  SizePodsInput,
  SpikeReaction,
} from "./deploy/sizePods.js";
export { hpaDesiredReplicas, type HpaReplicasInput } from "./deploy/hpaReplicas.js";
export {
  cfsThrottling,
  type CfsThrottling,
  type CfsThrottlingInput,
  type PauseLaw,
} from "./queueing/cfsThrottling.js";
export { parseKubernetesQuantity } from "./fit/kubernetesQuantity.js";
export type { PlanCapacityInput, AppMachineOption } from "./deploy/planCapacityInput.js";
export type { CapacityPlan, PlannedTier, AppMachinePlan } from "./deploy/capacityPlan.js";
export type {
  PlanStep,
  PlanAction,
  PlanStepFigures,
  PlanReason,
  UtilizationReason,
  SloReason,
  TrimReason,
  MinimumReason,
} from "./deploy/planStep.js";
export { describePlanStep } from "./deploy/describePlanStep.js";
export { parseScenario, CLASSIC_STACK, type Scenario } from "./deploy/scenario.js";
export {
  scenarioFieldPosition,
  type ScenarioFieldPosition,
} from "./deploy/scenarioFieldPosition.js";
export type { Redundancy, TierAfterLoss } from "./deploy/redundancy.js";
export {
  predictCalibrated,
  type CalibratedPrediction,
  type PredictCalibratedInput,
  type PredictionInterval,
} from "./deploy/predictCalibrated.js";
export {
  fitAppAtLoad,
  type FitAppAtLoadInput,
  type FittedAppAtLoad,
  type MeasuredAtLoad,
} from "./deploy/fitAppAtLoad.js";
export {
  checkStages,
  type CheckedFigure,
  type CheckedStage,
  type CheckStagesInput,
  type StageCheck,
} from "./deploy/checkStages.js";
export { MODEL_ERROR_90 } from "./deploy/modelError.js";
export {
  gunicornDeployment,
  type GunicornSettings,
  type GunicornWorkerClass,
} from "./deploy/gunicorn.js";
export { serverDeployment } from "./deploy/servers/readServerDeployment.js";
export {
  serverCommand,
  type ServerCommand,
  type ServerCommandOptions,
} from "./deploy/servers/serverCommand.js";
export type {
  AnyDeploymentInput,
  GranianDeploymentInput,
  GunicornDeploymentInput,
  ModelExtras,
  ModWsgiDeploymentInput,
  ServerDeploymentInput,
  UvicornDeploymentInput,
  UwsgiDeploymentInput,
  WaitressDeploymentInput,
} from "./deploy/servers/serverInputs.js";
export { SERVERS, SERVER_NAMES } from "./deploy/servers/serverTable.js";
export {
  listenBacklog,
  DEFAULT_LISTEN_BACKLOG,
  DEFAULT_SOMAXCONN,
  type ListenBacklog,
  type ListenBacklogInput,
} from "./deploy/servers/listenBacklog.js";
export type { OverloadInput, SpikeInput } from "./deploy/overload/overloadInput.js";
export type {
  OverloadAnswer,
  RetryAnswer,
  RetryPoint,
  SpikeAnswer,
  SteadyOverload,
} from "./deploy/overload/overloadAnswer.js";
export type { OverloadStation } from "./deploy/overload/overloadStation.js";
export type { PlanSpike, TierDuringSpike } from "./deploy/overload/planSpike.js";
export {
  overloadAdvice,
  type OverloadAdvice,
  type OverloadAdviceOptions,
  type OverloadOption,
  type RetryCost,
} from "./deploy/overload/overloadAdvice.js";
export type {
  ServerName,
  ServerSpec,
  SettingSpec,
  SettingValue,
  Settings,
} from "./deploy/servers/serverSpec.js";

// Calibration (src/fit/exports.ts)
export * from "./fit/exports.js";

// Simulation
export {
  simulateQueue,
  type SimulateQueueInput,
  type SimulatedQueue,
  type Estimate,
} from "./sim/simulateQueue.js";
export { simulateOverload, type SimulatedOverload } from "./sim/simulateOverload.js";
export {
  simulateKeepAlive,
  type SimulateKeepAliveInput,
  type SimulatedKeepAlive,
} from "./sim/simulateKeepAlive.js";
export { spikePhases, type SpikePhasesInput } from "./sim/spikePhases.js";
export { recoverySec } from "./sim/recoverySec.js";
export type { OverloadPhase, SimulateOverloadInput } from "./sim/overloadInput.js";
export type { Outcome, OverloadCounts, OverloadSeries } from "./sim/overloadRecord.js";
export { simulatePython, type SimulatedPython } from "./sim/simulatePython.js";
export type { SimulatePythonInput } from "./sim/simulatePythonInput.js";
export { simulateDeployment, type SimulateDeploymentInput } from "./sim/simulateDeployment.js";
export {
  simulateStack,
  type SimulateStackOptions,
  type SimulatedHost,
  type SimulatedStack,
  type SimulatedTier,
} from "./sim/simulateStack.js";

// Charts (the data behind them: sweeps and number formats)
export {
  sweep,
  range,
  type Sweep,
  type SweepRow,
  type SweepInput,
  type SweepMetric,
} from "./charts/sweep.js";
export { sweepGrid, type GridAxes, type GridPoint } from "./charts/sweepGrid.js";
export { human, mebibytes, milliseconds, percent } from "./charts/format.js";

// Units and errors
export { ms, us, toMs, KiB, MiB, GiB, parseSeconds, parseBytes } from "./units.js";
export { DataFormatError, ModelInputError } from "./errors.js";
