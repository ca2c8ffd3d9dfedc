/**
 * The enumerations of the Graph audit log query API: `microsoft.graph.security.auditLogRecordType`
 * (every member Microsoft lists, in its order), the integer `RecordType` of AuditData each known
 * member stands for (ual-formats.md §3.1; members whose integer is not attested map from no
 * integer, and an unknown integer is served as `unknownFutureValue` [U]), the `userType` names,
 * and the query statuses.
 *
 * @module
 */

/** Members of auditLogRecordType as Microsoft's reference lists them (camelCase). */
export const AUDIT_LOG_RECORD_TYPES: readonly string[] = (
  'exchangeAdmin exchangeItem exchangeItemGroup sharePoint syntheticProbe sharePointFileOperation oneDrive ' +
  'azureActiveDirectory azureActiveDirectoryAccountLogon dataCenterSecurityCmdlet complianceDLPSharePoint sway ' +
  'complianceDLPExchange sharePointSharingOperation azureActiveDirectoryStsLogon skypeForBusinessPSTNUsage ' +
  'skypeForBusinessUsersBlocked securityComplianceCenterEOPCmdlet exchangeAggregatedOperation powerBIAudit crm ' +
  'yammer skypeForBusinessCmdlets discovery microsoftTeams threatIntelligence mailSubmission microsoftFlow aeD ' +
  'microsoftStream complianceDLPSharePointClassification threatFinder project sharePointListOperation ' +
  'sharePointCommentOperation dataGovernance kaizala securityComplianceAlerts threatIntelligenceUrl ' +
  'securityComplianceInsights mipLabel workplaceAnalytics powerAppsApp powerAppsPlan threatIntelligenceAtpContent ' +
  'labelContentExplorer teamsHealthcare exchangeItemAggregated hygieneEvent dataInsightsRestApiAudit ' +
  'informationBarrierPolicyApplication sharePointListItemOperation sharePointContentTypeOperation ' +
  'sharePointFieldOperation microsoftTeamsAdmin hrSignal microsoftTeamsDevice microsoftTeamsAnalytics ' +
  'informationWorkerProtection campaign dlpEndpoint airInvestigation quarantine microsoftForms applicationAudit ' +
  'complianceSupervisionExchange customerKeyServiceEncryption officeNative mipAutoLabelSharePointItem ' +
  'mipAutoLabelSharePointPolicyLocation microsoftTeamsShifts secureScore mipAutoLabelExchangeItem cortanaBriefing ' +
  'search wdatpAlerts powerPlatformAdminDlp powerPlatformAdminEnvironment mdatpAudit sensitivityLabelPolicyMatch ' +
  'sensitivityLabelAction sensitivityLabeledFileAction attackSim airManualInvestigation securityComplianceRBAC ' +
  'userTraining airAdminActionInvestigation mstic physicalBadgingSignal teamsEasyApprovals aipDiscover ' +
  'aipSensitivityLabelAction aipProtectionAction aipFileDeleted aipHeartBeat mcasAlerts ' +
  'onPremisesFileShareScannerDlp onPremisesSharePointScannerDlp exchangeSearch sharePointSearch ' +
  'privacyDataMinimization labelAnalyticsAggregate myAnalyticsSettings securityComplianceUserChange ' +
  'complianceDLPExchangeClassification complianceDLPEndpoint mipExactDataMatch msdeResponseActions ' +
  'msdeGeneralSettings msdeIndicatorsSettings ms365DCustomDetection msdeRolesSettings mapgAlerts mapgPolicy ' +
  'mapgRemediation privacyRemediationAction privacyDigestEmail mipAutoLabelSimulationProgress ' +
  'mipAutoLabelSimulationCompletion mipAutoLabelProgressFeedback dlpSensitiveInformationType ' +
  'mipAutoLabelSimulationStatistics largeContentMetadata microsoft365Group cdpMlInferencingResult ' +
  'filteringMailMetadata cdpClassificationMailItem cdpClassificationDocument officeScriptsRunAction ' +
  'filteringPostMailDeliveryAction cdpUnifiedFeedback tenantAllowBlockList consumptionResource healthcareSignal ' +
  'dlpImportResult cdpCompliancePolicyExecution multiStageDisposition privacyDataMatch filteringDocMetadata ' +
  'filteringEmailFeatures powerBIDlp filteringUrlInfo filteringAttachmentInfo coreReportingSettings ' +
  'complianceConnector powerPlatformLockboxResourceAccessRequest powerPlatformLockboxResourceCommand ' +
  'cdpPredictiveCodingLabel cdpCompliancePolicyUserFeedback webpageActivityEndpoint omePortal ' +
  'cmImprovementActionChange filteringUrlClick mipLabelAnalyticsAuditRecord filteringEntityEvent ' +
  'filteringRuleHits filteringMailSubmission labelExplorer microsoftManagedServicePlatform ' +
  'powerPlatformServiceActivity scorePlatformGenericAuditRecord filteringTimeTravelDocMetadata alert alertStatus ' +
  'alertIncident incidentStatus case caseInvestigation recordsManagement privacyRemediation dataShareOperation ' +
  'cdpDlpSensitive ehrConnector filteringMailGradingResult publicFolder privacyTenantAuditHistoryRecord ' +
  'aipScannerDiscoverEvent eduDataLakeDownloadOperation m365ComplianceConnector ' +
  'microsoftGraphDataConnectOperation microsoftPurview filteringEmailContentFeatures powerPagesSite ' +
  'powerAppsResource plannerPlan plannerCopyPlan plannerTask plannerRoster plannerPlanList plannerTaskList ' +
  'plannerTenantSettings projectForTheWebProject projectForTheWebTask projectForTheWebRoadmap ' +
  'projectForTheWebRoadmapItem projectForTheWebProjectSettings projectForTheWebRoadmapSettings ' +
  'quarantineMetadata microsoftTodoAudit timeTravelFilteringDocMetadata teamsQuarantineMetadata ' +
  'sharePointAppPermissionOperation microsoftTeamsSensitivityLabelAction filteringTeamsMetadata ' +
  'filteringTeamsUrlInfo filteringTeamsPostDeliveryAction mdcAssessments mdcRegulatoryComplianceStandards ' +
  'mdcRegulatoryComplianceControls mdcRegulatoryComplianceAssessments mdcSecurityConnectors ' +
  'mdaDataSecuritySignal vivaGoals filteringRuntimeInfo attackSimAdmin microsoftGraphDataConnectConsent ' +
  'filteringAtpDetonationInfo privacyPortal managedTenants unifiedSimulationMatchedItem ' +
  'unifiedSimulationSummary updateQuarantineMetadata ms365DSuppressionRule purviewDataMapOperation ' +
  'filteringUrlPostClickAction irmUserDefinedDetectionSignal teamsUpdates plannerRosterSensitivityLabel ' +
  'ms365DIncident filteringDelistingMetadata complianceDLPSharePointClassificationExtended ' +
  'microsoftDefenderForIdentityAudit supervisoryReviewDayXInsight defenderExpertsforXDRAdmin ' +
  'cdpEdgeBlockedMessage hostedRpa cdpContentExplorerAggregateRecord cdpHygieneAttachmentInfo cdpHygieneSummary ' +
  'cdpPostMailDeliveryAction cdpEmailFeatures cdpHygieneUrlInfo cdpUrlClick cdpPackageManagerHygieneEvent ' +
  'filteringDocScan timeTravelFilteringDocScan mapgOnboard unknownFutureValue'
).split(' ');

const BY_LOWER = new Map(AUDIT_LOG_RECORD_TYPES.map((n) => [n.toLowerCase(), n]));

/** The canonical member name of `name` (matched ignoring case [U]), or undefined. */
export function recordTypeMember(name: string): string | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

/**
 * AuditData `RecordType` integers of the Management Activity API schema whose value is
 * established (ual-formats.md §3.1 and the schema's enumeration for the first members).
 */
const RECORD_TYPE_OF_INT: ReadonlyMap<number, string> = new Map([
  [1, 'exchangeAdmin'],
  [2, 'exchangeItem'],
  [3, 'exchangeItemGroup'],
  [4, 'sharePoint'],
  [6, 'sharePointFileOperation'],
  [7, 'oneDrive'],
  [8, 'azureActiveDirectory'],
  [9, 'azureActiveDirectoryAccountLogon'],
  [10, 'dataCenterSecurityCmdlet'],
  [11, 'complianceDLPSharePoint'],
  [13, 'complianceDLPExchange'],
  [14, 'sharePointSharingOperation'],
  [15, 'azureActiveDirectoryStsLogon'],
  [18, 'securityComplianceCenterEOPCmdlet'],
  [19, 'exchangeAggregatedOperation'],
  [20, 'powerBIAudit'],
  [25, 'microsoftTeams'],
  [50, 'exchangeItemAggregated'],
  [101, 'exchangeSearch'],
]);

/** The auditLogRecordType member of an AuditData `RecordType` (integer or numeric string). */
export function recordTypeOfInt(value: unknown): string {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n === 'number') return RECORD_TYPE_OF_INT.get(n) ?? 'unknownFutureValue';
  if (typeof value === 'string') return recordTypeMember(value) ?? 'unknownFutureValue';
  return 'unknownFutureValue';
}

/** AuditData `UserType` integers → Graph `userType` names (ual-formats.md §3.1, §2.2). */
const USER_TYPES = [
  'regular',
  'reserved',
  'admin',
  'dcAdmin',
  'system',
  'application',
  'servicePrincipal',
  'customPolicy',
  'systemPolicy',
  'partnerTechnician',
  'guest',
] as const;

export function userTypeName(value: unknown): string {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' ? (USER_TYPES[n] ?? 'unknownFutureValue') : 'unknownFutureValue';
}

export const QUERY_STATUSES = [
  'notStarted',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'unknownFutureValue',
] as const;
export type QueryStatus = (typeof QUERY_STATUSES)[number];
