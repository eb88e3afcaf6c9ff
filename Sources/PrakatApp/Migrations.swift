import Fluent

/// Every migration, in the order it runs. Append only: a released migration never changes.
enum PrakatMigrations {
    static let all: [any Migration] = [
        CreateUnits(),
        CreateUsers(),
        CreateUserSessions(),
        CreateAPITokens(),
        CreateLoginFailures(),
        CreateAuditEntries(),
        CreateAgencies(),
        CreateCategories(),
        MakeAuditEntriesAppendOnly(),
        CreatePlanFiscalYears(),
        CreatePlanStrategies(),
        CreatePlanProjects(),
        CreatePlanRounds(),
        CreatePlanQuestionnaires(),
        CreatePlanResponses(),
        CreatePlanAttendees(),
    ]
}
