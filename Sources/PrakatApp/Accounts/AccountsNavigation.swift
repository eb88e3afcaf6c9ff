/// The Accounts feature's entries in the staff navigation: administration and the person's own account.
extension AccountsRoute: StaffNavigationProvider {
    static var staffNavigation: [StaffNavEntry] {
        [
            StaffNavEntry(AccountsRoute.admin, AccountsText.navOverview, in: .administration),
            StaffNavEntry(AccountsRoute.units, AccountsText.unitsTitle, in: .administration),
            StaffNavEntry(AccountsRoute.users, AccountsText.usersTitle, in: .administration),
            StaffNavEntry(AccountsRoute.audit(), AccountsText.navAudit, in: .administration),
            StaffNavEntry(AccountsRoute.security, AccountsText.navSecurity, in: .administration),
            StaffNavEntry(AccountsRoute.passwordChange, AccountsText.passwordChangeTitle, in: .account),
            StaffNavEntry(AccountsRoute.twoFactor, AccountsText.twoFactorTitle, in: .account),
            StaffNavEntry(AccountsRoute.sessions, AccountsText.sessionsTitle, in: .account)
        ]
    }
}

extension OperationsRoute: StaffNavigationProvider {
    static var staffNavigation: [StaffNavEntry] {
        [StaffNavEntry(OperationsRoute.traffic, OperationsText.navTraffic, in: .administration)]
    }
}

// Where the administration pages sit below the desk. The audit trail and the traffic log have
// no step between: auditors read them but may not open the administration overview.
private let administration = Breadcrumb(label: AccountsText.adminTitle, path: AccountsRoute.admin.path)

extension AdminRoutes.UnitsBody: HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [administration] }
}

extension AdminRoutes.UsersBody: HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [administration] }
}

extension SecuritySettingsRoutes.Body: HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [administration] }
}

extension AdminRoutes.UnitFormBody: HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [administration, Breadcrumb(label: AccountsText.unitsTitle, path: AccountsRoute.units.path)] }
}

extension AdminRoutes.UserFormBody: HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [administration, Breadcrumb(label: AccountsText.usersTitle, path: AccountsRoute.users.path)] }
}
