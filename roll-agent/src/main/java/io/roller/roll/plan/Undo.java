package io.roller.roll.plan;

import java.util.List;

/**
 * The steps that undo a failed plan, and what the failure's message gains by them ({@code because}:
 * empty, or "; generation N kept running", "; rolled back to generation N").
 */
public record Undo(List<Step> steps, String because) {}
