package io.roller.foreman.plan;

import java.util.List;

/** What a sync would do: steps in order, and the users or items it refused, with reasons. */
public record Plan(List<Step> steps, List<Refusal> refused) {
  public Plan {
    steps = List.copyOf(steps);
    refused = List.copyOf(refused);
  }

  /** Something foreman will not do, said on stderr: a login (or group) and why. */
  public record Refusal(String login, String reason) {
    @Override
    public String toString() {
      return "refusing " + login + ": " + reason;
    }
  }

  public boolean isEmpty() {
    return steps.isEmpty();
  }
}
