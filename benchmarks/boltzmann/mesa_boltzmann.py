#!/usr/bin/env python3
"""Boltzmann wealth model (Mesa tutorial model, non-spatial) with Mesa 3.x.

N agents start with wealth 1. Each step, ``model.agents.shuffle_do("step")``
activates every agent in a fresh random order; an agent with wealth > 0 gives
1 unit to a uniformly random OTHER agent (never itself).

The other agent is drawn with one ``randrange(N - 1)`` call on Mesa's
``self.random`` (the model's ``random.Random``): indices at or above the
agent's own index are shifted up by one, which is exactly uniform over the
N - 1 other agents without rejection loops. The model keeps a plain list of
its agents for O(1) indexed access (Mesa's AgentSet has no cheap indexing).

Only the stepping loop is timed (agent creation is excluded).

Usage: python mesa_boltzmann.py --agents N --steps S --seed X
"""

from __future__ import annotations

import argparse
import sys
import time

import mesa


class MoneyAgent(mesa.Agent):
    """An agent with integer wealth that gives 1 unit away per step if it can."""

    def __init__(self, model: "BoltzmannModel", index: int) -> None:
        super().__init__(model)
        self.index = index  # position in model.agent_list
        self.wealth = 1

    def step(self) -> None:
        if self.wealth > 0:
            agent_list = self.model.agent_list
            j = self.random.randrange(len(agent_list) - 1)
            if j >= self.index:
                j += 1  # skip self: uniform over the other N - 1 agents
            agent_list[j].wealth += 1
            self.wealth -= 1


class BoltzmannModel(mesa.Model):
    """Non-spatial Boltzmann wealth model."""

    def __init__(self, n: int, seed: int) -> None:
        super().__init__(rng=seed)  # Mesa 3.5: `rng=<int>` seeds self.random and self.rng
        if n < 2:
            raise ValueError("need at least 2 agents")
        self.agent_list: list[MoneyAgent] = [MoneyAgent(self, i) for i in range(n)]

    def step(self) -> None:
        self.agents.shuffle_do("step")


def gini(wealths: list[int]) -> float:
    """Gini coefficient, the formula from Mesa's tutorial (compute_gini)."""
    x = sorted(wealths)
    n = len(x)
    b = sum(xi * (n - i) for i, xi in enumerate(x)) / (n * sum(x))
    return 1 + (1 / n) - 2 * b


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--agents", type=int, default=1000)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args(argv)
    if args.agents < 2 or args.steps < 0:
        p.error("need --agents >= 2 and --steps >= 0")

    model = BoltzmannModel(args.agents, args.seed)

    t0 = time.perf_counter()
    for _ in range(args.steps):
        model.step()
    wall = time.perf_counter() - t0

    wealths = [a.wealth for a in model.agent_list]
    if sum(wealths) != args.agents:
        print("internal error: wealth not conserved", file=sys.stderr)
        return 1
    rate = args.agents * args.steps / wall if wall > 0 else 0.0
    print(f"agents: {args.agents}")
    print(f"steps: {args.steps}")
    print(f"wall_seconds: {wall:.6f}")
    print(f"agent_steps_per_second: {rate:.1f}")
    print(f"gini: {gini(wealths):.6f}")
    print(f"zero_wealth_share: {wealths.count(0) / args.agents:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
