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
        // Publishing (issue 3)
        AddPublishingRulesToCategories(),
        CreatePublicationRequests(),
        CreateRequestEvents(),
        CreateBlobs(),
        CreateAttachments(),
        CreatePublications(),
        CreateChecklistItems(),
        CreateSiteState(),
        // Plans (issue 5)
        CreatePlanFiscalYears(),
        CreatePlanStrategies(),
        CreatePlanProjects(),
        CreatePlanRounds(),
        CreatePlanQuestionnaires(),
        CreatePlanResponses(),
        CreatePlanAttendees(),
        AddPublicationRequestToPlanRounds(),
        // Hardening (issue 4): two-factor sign-in
        CreateUserTwoFactor(),
        CreateRecoveryCodes(),
        CreateLoginChallenges(),
        CreateSecuritySettings(),
        // Hardening II (issue 15)
        AddOriginKeyToPublicationRequests(),
        BlockAuditTruncate(),
        CreateRateLimitBuckets(),
        // Go live (issue 11)
        AddAgencyProfile(),
        CreateNotifications(),
        AddEmailToUsers(),
        AddPhotosToAttachments(),
        CreateHomeEntries(),
        // Engagement (issue 12)
        CreateServiceTypes(),
        CreateServiceRequests(),
        CreateQuestions(),
        CreateVisitorTables(),
        CreateSatisfactionResponses(),
        // Compliance (issue 13)
        CreateChecklists(),
        // The head of agency's permission and the request form's phone and e-saraban number
        AddAgencyHeadPermission(),
        AddAgencyHeadStepToPublicationRequests(),
        // Compliance (ITA issue, point 6): the currency desk
        AddReviewIntervalToCategories(),
        CreateCurrencyReviews(),
        CreateLinkChecks(),
        // Performance (issue 14): the trigram index behind public search
        CreatePublicationSearchIndex(),
        // Performance (issue 14): exact invalidation of cached pages on every instance
        CreateSiteChanges(),
        AddListingIndexes(),
        // Several instances (issue 14 §7): jobs that run on one instance at a time
        CreateJobLeases(),
        // Performance (issue 14 §3): the plain-text start of each item, kept at publish time
        AddExcerptToPublications(),
        AddTakedownIndexes(),
        AddSitemapIndex(),
        AddPostgresSearchText(),
        AddPostgresSearchGrams(),
        CodePostgresSearchText(),
        SpeedUpPostgresSearchFunctions(),
        KeepReadabilityInPostgresSearchText(),
        PackPostgresSearchNames(),
        // Performance (issue 14 §6): a listing lapses at its own items' moments only
        AddCategoryMomentIndexes(),
        // Performance (issue 14 §3): SQLite counts a listing from each category's open-ended items
        AddOpenEndedCounts(),
        // Performance (issue 14 §4): PostgreSQL's search walk tests a signature before the text
        SignPostgresSearchText(),
        // Performance (issue 14 §4): the gram table's rows out of line, its index's lookups read fewer pages
        CompactPostgresSearchGrams(),
        // Performance (issue 14 §4): PostgreSQL's search finds terms by byte offset, titles measured alike
        CountPostgresSearchTitlesInBytes()
    ]
}
