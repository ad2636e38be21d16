package dev.sysstep.core.path.mechanism;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.path.Setup;
import dev.sysstep.core.user.UserProgram;

final class Compat32 implements Mechanism {
    @Override
    public void emit(Asm a, KernelConfig c, UserProgram p) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setUp(Setup s, KernelConfig c, UserProgram p) {
        throw new UnsupportedOperationException();
    }
}
