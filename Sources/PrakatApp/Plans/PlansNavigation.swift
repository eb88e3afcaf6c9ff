import PrakatCore

/// The Plans feature's entry in the staff navigation.
enum PlansNavigation: StaffNavigationProvider {
    static var staffNavigation: [StaffNavEntry] {
        [StaffNavEntry(PlansRoute.dashboard(), PlansText.dashboardTitle, in: .plans)]
    }
}
