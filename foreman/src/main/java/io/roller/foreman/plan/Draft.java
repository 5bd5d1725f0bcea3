package io.roller.foreman.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * A plan while it is built. Steps are kept per phase because the phases run in a fixed order
 * whatever order users are planned in: groups, then user creations, then other account changes,
 * then files (so the executor re-reads passwd once, when every new user and gid exists), then
 * revocations.
 */
final class Draft {
  final List<Step> groups = new ArrayList<>();
  final List<Step> users = new ArrayList<>();
  final List<Step> laterUsers = new ArrayList<>();
  final List<Step> files = new ArrayList<>();
  final List<Step> revokes = new ArrayList<>();
  private final List<Plan.Refusal> refused = new ArrayList<>();

  void refuse(String login, String reason) {
    refused.add(new Plan.Refusal(login, reason));
  }

  Plan plan() {
    List<Step> steps = new ArrayList<>(groups);
    steps.addAll(users);
    steps.addAll(laterUsers);
    steps.addAll(files);
    steps.addAll(revokes);
    return new Plan(steps, refused);
  }
}
