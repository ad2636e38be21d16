package dev.sysstep.app.teach;

import java.util.List;

/**
 * The kernel stack as a phase left it: struct pt_regs slot by slot (highest address first, as it
 * fills), which slots this entry has written and which this phase wrote, where RSP points, and the
 * trampoline stack with TSS.sp0 and TSS.sp2 where the run is on it.
 *
 * @param rsp RSP after the phase, or null where compiled C has moved it and it is not simulated
 * @param rspAt which stack RSP is on
 */
public record StackPicture(List<Slot> ptRegs, List<Slot> trampoline, Long rsp, RspAt rspAt, long tssSp0,
                           long tssSp2) {
    /** Where RSP points, as the screen says it beside the diagram and as a handout says it after the value. */
    public enum RspAt {
        PT_REGS("RSP points into it", "inside pt_regs"),
        BELOW_PT_REGS("RSP is below it, in C frames", "below pt_regs, in C frames"),
        TRAMPOLINE("RSP is on the trampoline stack", "on the trampoline stack"),
        USER_STACK("RSP is the user's", "on the user stack"),
        UNKNOWN("RSP moved by compiled C, not simulated", "not simulated here"),
        ELSEWHERE("RSP is elsewhere", "elsewhere");

        private final String beside;
        private final String place;

        RspAt(String beside, String place) {
            this.beside = beside;
            this.place = place;
        }

        /** Beside the diagram of pt_regs: "RSP points into it". */
        public String beside() {
            return beside;
        }

        /** After RSP's value: "inside pt_regs". */
        public String place() {
            return place;
        }
    }

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
