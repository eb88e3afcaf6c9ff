/// The Plans feature's entry in the staff navigation.
enum PlansNavigation: StaffNavigationProvider {
    static var staffNavigation: [StaffNavEntry] {
        [StaffNavEntry(path: PlanLink.dashboard.path, policy: .roles(PlanService.readers), PlansText.dashboardTitle, in: .plans)]
    }
}
