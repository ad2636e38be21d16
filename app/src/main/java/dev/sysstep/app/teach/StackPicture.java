package dev.sysstep.app.teach;

import java.util.List;

/**
 * The kernel stack as a phase left it: struct pt_regs slot by slot (highest address first, as it
 * fills), which slots this entry has written and which this phase wrote, where RSP points, and the
 * trampoline stack with TSS.sp0 and TSS.sp2 where the run is on it.
 *
 * @param rsp RSP after the phase, or null where compiled C has moved it and it is not simulated
 * @param rspWhere "pt_regs", "below pt_regs", "trampoline", "user stack" or "unknown"
 */
public record StackPicture(List<Slot> ptRegs, List<Slot> trampoline, Long rsp, String rspWhere, long tssSp0,
                           long tssSp2) {
    public StackPicture {
        ptRegs = List.copyOf(ptRegs);
        trampoline = List.copyOf(trampoline);
    }

    /**
     * One 8-byte slot: its address, its name, its value after the phase, whether this entry has
     * written it yet (before that it holds what the last entry left), whether this phase wrote it,
     * and whether RSP points at it.
     */
    public record Slot(long address, String name, long value, boolean written, boolean justWritten, boolean rspHere) {
    }
}
