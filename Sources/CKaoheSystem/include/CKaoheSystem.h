#pragma once

/// The system call Swift cannot make itself (prctl is variadic), for KaoheSystem/Syscalls.swift.

/// Asks the kernel to send `signal` to this process when its parent dies (PR_SET_PDEATHSIG);
/// 0 on success, else errno.
int kaohe_die_with_parent(int signal);
