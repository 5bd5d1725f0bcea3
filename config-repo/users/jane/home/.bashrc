alias ll="ls -l"
export EDITOR=vim
